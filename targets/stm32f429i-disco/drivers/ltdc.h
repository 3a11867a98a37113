// LCD-TFT controller: one RGB565 layer of 240x320 pixels read from SDRAM,
// sent to the ILI9341's RGB interface (18 wires: R2-R7, G2-G7, B2-B7) with
// the sync timings below. Register layout from RM0090 §16.
#pragma once

#include <cstdint>

#include "mmio.h"

namespace nib::board {

struct PanelTiming {
  uint32_t width, height;                // active pixels
  uint32_t hsync, hback_porch, hfront_porch;  // pixel clocks
  uint32_t vsync, vback_porch, vfront_porch;  // lines
};

// ILI9341 in DE mode; the porches are those of its 0xB5 defaults (HBP 20,
// HFP 10, VBP 2) with a 4-line front porch, syncs of 10 clocks / 2 lines.
inline constexpr PanelTiming kIli9341Timing{240, 320, 10, 20, 10, 2, 2, 4};

// The LTDC's cumulative counters, each minus one (RM0090 §16.4.1).
struct LtdcCounters {
  uint32_t sync_h, sync_v;        // SSCR
  uint32_t back_h, back_v;        // BPCR
  uint32_t active_h, active_v;    // AWCR
  uint32_t total_h, total_v;      // TWCR
};

constexpr LtdcCounters ltdc_counters(const PanelTiming& p) {
  LtdcCounters c{};
  c.sync_h = p.hsync - 1;
  c.sync_v = p.vsync - 1;
  c.back_h = p.hsync + p.hback_porch - 1;
  c.back_v = p.vsync + p.vback_porch - 1;
  c.active_h = c.back_h + p.width;
  c.active_v = c.back_v + p.height;
  c.total_h = c.active_h + p.hfront_porch;
  c.total_v = c.active_v + p.vfront_porch;
  return c;
}

// Layer 1 shows `pixels` (RGB565, stride_bytes from one row to the next).
// The LTDC clock (PLLSAI) must already run.
void init_ltdc(Bus& bus, const PanelTiming& panel, uint32_t framebuffer_addr, uint32_t stride_bytes);

}  // namespace nib::board

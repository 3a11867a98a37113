#include "ltdc.h"

#include "gpio.h"
#include "regs.h"

namespace nib::board {

namespace {

using namespace reg;

struct LcdPin {
  Pin pin;
  uint8_t af;
};

// UM1670 wiring; the datasheet's alternate-function table puts R3, R6, G3
// and B4 on AF9 for these pins, everything else on AF14.
constexpr LcdPin kLcdPins[] = {
    {{Port::C, 10}, 14}, {{Port::B, 0}, 9},   {{Port::A, 11}, 14}, {{Port::A, 12}, 14},  // R2-R5
    {{Port::B, 1}, 9},   {{Port::G, 6}, 14},                                             // R6, R7
    {{Port::A, 6}, 14},  {{Port::G, 10}, 9},  {{Port::B, 10}, 14}, {{Port::B, 11}, 14},  // G2-G5
    {{Port::C, 7}, 14},  {{Port::D, 3}, 14},                                             // G6, G7
    {{Port::D, 6}, 14},  {{Port::G, 11}, 14}, {{Port::G, 12}, 9},  {{Port::A, 3}, 14},   // B2-B5
    {{Port::B, 8}, 14},  {{Port::B, 9}, 14},                                             // B6, B7
    {{Port::A, 4}, 14},  {{Port::C, 6}, 14},  {{Port::F, 10}, 14}, {{Port::G, 7}, 14},   // VSYNC HSYNC DE CLK
};

uint32_t pair(uint32_t h, uint32_t v) { return ltdc::kHorizontal(h) | ltdc::kVertical(v); }

}  // namespace

void init_ltdc(Bus& bus, const PanelTiming& panel, uint32_t framebuffer_addr, uint32_t stride_bytes) {
  for (const LcdPin& p : kLcdPins) {
    enable_port_clock(bus, p.pin.port);
    configure_pin(bus, p.pin, {.mode = PinMode::kAlternate, .alternate = p.af, .speed = 2});
  }
  bus.set_bits(rcc::kApb2Enr, rcc::kLtdcEn.mask());
  bus.read(rcc::kApb2Enr);

  const LtdcCounters c = ltdc_counters(panel);
  bus.write(ltdc::kSscr, pair(c.sync_h, c.sync_v));
  bus.write(ltdc::kBpcr, pair(c.back_h, c.back_v));
  bus.write(ltdc::kAwcr, pair(c.active_h, c.active_v));
  bus.write(ltdc::kTwcr, pair(c.total_h, c.total_v));
  // Syncs active low, DE active high, pixel clock not inverted: the
  // polarities the ILI9341 is set to (RGB signal control 0xC2).
  bus.write(ltdc::kGcr, 0);
  bus.write(ltdc::kBccr, 0);  // black outside the layer

  const Register layer = ltdc::layer(0);
  bus.write(layer.at(ltdc::kLxWhpcr), ltdc::kStart(c.back_h + 1) | ltdc::kStop(c.back_h + panel.width));
  bus.write(layer.at(ltdc::kLxWvpcr), ltdc::kStart(c.back_v + 1) | ltdc::kStop(c.back_v + panel.height));
  bus.write(layer.at(ltdc::kLxPfcr), ltdc::kPfRgb565);
  bus.write(layer.at(ltdc::kLxCacr), 255);
  bus.write(layer.at(ltdc::kLxDccr), 0);
  bus.write(layer.at(ltdc::kLxBfcr), ltdc::kBf1(4) | ltdc::kBf2(5));  // constant alpha only
  bus.write(layer.at(ltdc::kLxCfbar), framebuffer_addr);
  // Line length: bytes of one line + 3 (RM0090's definition of CFBLL).
  bus.write(layer.at(ltdc::kLxCfblr), ltdc::kPitch(stride_bytes) | ltdc::kLineLength(panel.width * 2 + 3));
  bus.write(layer.at(ltdc::kLxCfblnr), panel.height);
  bus.write(layer.at(ltdc::kLxCr), ltdc::kLen.mask());
  bus.write(ltdc::kSrcr, ltdc::kImr.mask());  // load the shadow registers now
  bus.set_bits(ltdc::kGcr, ltdc::kLtdcEn.mask());
}

}  // namespace nib::board

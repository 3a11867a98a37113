#include "clock.h"

#include "regs.h"

namespace nib::board {

namespace {

using namespace reg;

struct Waiter {
  Bus& bus;
  uint32_t polls = 0;
  bool operator()(Register r, Field f, uint32_t want) {
    for (uint32_t i = 0; i < kClockPolls; ++i) {
      ++polls;
      if (f.get(bus.read(r)) == want) return true;
    }
    return false;
  }
};

// Back to the reset state's clock: HSI, no wait states needed, prescalers 1.
void fall_back_to_hsi(Bus& bus, Waiter& wait, Clocks& c, const char* problem) {
  bus.set_bits(rcc::kCr, rcc::kHsiOn.mask());
  bus.set_field(rcc::kCfgr, rcc::kSw, rcc::kSwHsi);
  wait(rcc::kCfgr, rcc::kSws, rcc::kSwHsi);
  bus.modify(rcc::kCfgr, rcc::kHpre.mask() | rcc::kPpre1.mask() | rcc::kPpre2.mask(), 0);
  bus.clear_bits(rcc::kCr, rcc::kPllOn.mask());
  c = Clocks{};
  c.problem = problem;
}

}  // namespace

Clocks configure_clocks(Bus& bus) {
  Clocks c;
  Waiter wait{bus};

  // Caches and prefetch help at any speed; reset the caches while they are off.
  bus.clear_bits(flash::kAcr, flash::kIcen.mask() | flash::kDcen.mask());
  bus.set_bits(flash::kAcr, flash::kIcrst.mask() | flash::kDcrst.mask());
  bus.clear_bits(flash::kAcr, flash::kIcrst.mask() | flash::kDcrst.mask());
  bus.set_bits(flash::kAcr, flash::kPrften.mask() | flash::kIcen.mask() | flash::kDcen.mask());

  bus.set_bits(rcc::kCr, rcc::kHseOn.mask());
  if (!wait(rcc::kCr, rcc::kHseRdy, 1)) {
    fall_back_to_hsi(bus, wait, c, "HSE not ready");
    c.polls = wait.polls;
    return c;
  }

  // Scale 1 (VOS = 0b11) and, below, over-drive: required above 168 MHz.
  bus.set_bits(rcc::kApb1Enr, rcc::kPwrEn.mask());
  bus.read(rcc::kApb1Enr);  // the enable takes effect before PWR is touched
  bus.set_field(pwr::kCr, pwr::kVos, 3);

  // The PLL is configured while off.
  bus.clear_bits(rcc::kCr, rcc::kPllOn.mask());
  bus.write(rcc::kPllCfgr, rcc::kPllM(kMainPll.m) | rcc::kPllN(kMainPll.n) | rcc::kPllP(kMainPll.p / 2 - 1) |
                               rcc::kPllSrcHse(1) | rcc::kPllQ(kMainPll.q));
  const uint32_t pll_input = kMainPll.vco_in(kHseHz);
  bus.set_bits(rcc::kCr, rcc::kPllOn.mask());
  if (!wait(rcc::kCr, rcc::kPllRdy, 1)) {
    fall_back_to_hsi(bus, wait, c, "PLL did not lock");
    c.pll_input_hz = pll_input;
    c.polls = wait.polls;
    return c;
  }

  bus.set_bits(pwr::kCr, pwr::kOdEn.mask());
  if (!wait(pwr::kCsr, pwr::kOdRdy, 1)) {
    fall_back_to_hsi(bus, wait, c, "over-drive not ready");
    c.pll_input_hz = pll_input;
    c.polls = wait.polls;
    return c;
  }
  bus.set_bits(pwr::kCr, pwr::kOdSwEn.mask());
  if (!wait(pwr::kCsr, pwr::kOdSwRdy, 1)) {
    fall_back_to_hsi(bus, wait, c, "over-drive switch not ready");
    c.pll_input_hz = pll_input;
    c.polls = wait.polls;
    return c;
  }

  // Wait states before the faster clock, checked by reading them back.
  const uint32_t ws = flash_wait_states(kTargetHz);
  bus.set_field(flash::kAcr, flash::kLatency, ws);
  if (flash::kLatency.get(bus.read(flash::kAcr)) != ws) {
    fall_back_to_hsi(bus, wait, c, "flash wait states not accepted");
    c.pll_input_hz = pll_input;
    c.polls = wait.polls;
    return c;
  }

  // AHB /1, APB1 /4 (at most 45 MHz), APB2 /2 (at most 90 MHz).
  bus.modify(rcc::kCfgr, rcc::kHpre.mask() | rcc::kPpre1.mask() | rcc::kPpre2.mask(),
             rcc::kHpre(0) | rcc::kPpre1(0b101) | rcc::kPpre2(0b100));
  bus.set_field(rcc::kCfgr, rcc::kSw, rcc::kSwPll);
  if (!wait(rcc::kCfgr, rcc::kSws, rcc::kSwPll)) {
    fall_back_to_hsi(bus, wait, c, "switch to the PLL not confirmed");
    c.pll_input_hz = pll_input;
    c.polls = wait.polls;
    return c;
  }
  c.sysclk_hz = kTargetHz;
  c.pclk1_hz = kTargetHz / 4;
  c.pclk2_hz = kTargetHz / 2;
  c.on_pll = true;
  c.pll_input_hz = pll_input;
  c.polls = wait.polls;
  return c;
}

bool start_pixel_clock(Bus& bus, uint32_t pll_input_hz) {
  if (pll_input_hz == 0) return false;
  bus.clear_bits(rcc::kCr, rcc::kPllSaiOn.mask());
  bus.modify(rcc::kPllSaiCfgr, rcc::kPllSaiN.mask() | rcc::kPllSaiR.mask(),
             rcc::kPllSaiN(kPllSaiVcoHz / pll_input_hz) | rcc::kPllSaiR(kPllSaiR));
  bus.set_field(rcc::kDckCfgr, rcc::kPllSaiDivR, 2);  // /8
  bus.set_bits(rcc::kCr, rcc::kPllSaiOn.mask());
  return bus.wait(rcc::kCr, rcc::kPllSaiRdy.mask(), rcc::kPllSaiRdy.mask(), kClockPolls);
}

}  // namespace nib::board

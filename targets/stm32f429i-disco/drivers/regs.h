// The STM32F429's registers that this board support uses, and only those.
// Addresses, offsets and bit positions are from RM0090 (STM32F42xxx/43xxx
// reference manual) and the Cortex-M4 architecture manual; written for this
// project, not taken from a vendor header.
#pragma once

#include <cstdint>

#include "mmio.h"

namespace nib::board::reg {

// ---- Reset and clock control (RM0090 §6.3) --------------------------------
namespace rcc {
inline constexpr Register kBase{0x4002'3800};
inline constexpr Register kCr = kBase.at(0x00);
inline constexpr Field kHsiOn = bit(0), kHsiRdy = bit(1), kHseOn = bit(16), kHseRdy = bit(17),
                       kHseByp = bit(18), kPllOn = bit(24), kPllRdy = bit(25), kPllSaiOn = bit(28),
                       kPllSaiRdy = bit(29);
inline constexpr Register kPllCfgr = kBase.at(0x04);
inline constexpr Field kPllM{0, 6}, kPllN{6, 9}, kPllP{16, 2}, kPllSrcHse = bit(22), kPllQ{24, 4};
inline constexpr Register kCfgr = kBase.at(0x08);
inline constexpr Field kSw{0, 2}, kSws{2, 2}, kHpre{4, 4}, kPpre1{10, 3}, kPpre2{13, 3};
inline constexpr uint32_t kSwHsi = 0, kSwHse = 1, kSwPll = 2;
inline constexpr Register kAhb1Enr = kBase.at(0x30);   // GPIOAEN..GPIOKEN = bits 0..10
inline constexpr Register kAhb3Enr = kBase.at(0x38);
inline constexpr Field kFmcEn = bit(0);
inline constexpr Register kApb1Enr = kBase.at(0x40);
inline constexpr Field kI2c3En = bit(23), kPwrEn = bit(28);
inline constexpr Register kApb2Enr = kBase.at(0x44);
inline constexpr Field kUsart1En = bit(4), kSpi5En = bit(20), kLtdcEn = bit(26);
inline constexpr Register kPllSaiCfgr = kBase.at(0x88);
inline constexpr Field kPllSaiN{6, 9}, kPllSaiQ{24, 4}, kPllSaiR{28, 3};
inline constexpr Register kDckCfgr = kBase.at(0x8C);
inline constexpr Field kPllSaiDivR{16, 2};  // 0: /2, 1: /4, 2: /8, 3: /16
}  // namespace rcc

// ---- Power controller (RM0090 §5.4) ----------------------------------------
namespace pwr {
inline constexpr Register kCr{0x4000'7000};
inline constexpr Field kVos{14, 2}, kOdEn = bit(16), kOdSwEn = bit(17);
inline constexpr Register kCsr{0x4000'7004};
inline constexpr Field kVosRdy = bit(14), kOdRdy = bit(16), kOdSwRdy = bit(17);
}  // namespace pwr

// ---- Flash interface (RM0090 §3.9) -----------------------------------------
namespace flash {
inline constexpr Register kAcr{0x4002'3C00};
inline constexpr Field kLatency{0, 4}, kPrften = bit(8), kIcen = bit(9), kDcen = bit(10), kIcrst = bit(11),
                       kDcrst = bit(12);
}  // namespace flash

// ---- GPIO (RM0090 §8.4): ports A..K, 0x400 apart ----------------------------
namespace gpio {
inline constexpr Register port(int index) { return {0x4002'0000u + 0x400u * static_cast<uint32_t>(index)}; }
inline constexpr uint32_t kModer = 0x00, kOtyper = 0x04, kOspeedr = 0x08, kPupdr = 0x0C, kIdr = 0x10,
                          kOdr = 0x14, kBsrr = 0x18, kAfrl = 0x20, kAfrh = 0x24;
}  // namespace gpio

// ---- USART (RM0090 §30.6) ---------------------------------------------------
namespace usart {
inline constexpr Register kUsart1{0x4001'1000};
inline constexpr uint32_t kSr = 0x00, kDr = 0x04, kBrr = 0x08, kCr1 = 0x0C;
inline constexpr Field kTxe = bit(7), kTc = bit(6), kRxne = bit(5);
inline constexpr Field kUe = bit(13), kTe = bit(3), kRe = bit(2);
}  // namespace usart

// ---- SPI (RM0090 §28.5) ----------------------------------------------------
namespace spi {
inline constexpr Register kSpi5{0x4001'5000};
inline constexpr uint32_t kCr1 = 0x00, kCr2 = 0x04, kSr = 0x08, kDr = 0x0C;
inline constexpr Field kCpha = bit(0), kCpol = bit(1), kMstr = bit(2), kBr{3, 3}, kSpe = bit(6), kSsi = bit(8),
                       kSsm = bit(9), kBidiOe = bit(14), kBidiMode = bit(15);
inline constexpr Field kRxne = bit(0), kTxe = bit(1), kBsy = bit(7);
}  // namespace spi

// ---- I2C (RM0090 §27.6) ----------------------------------------------------
namespace i2c {
inline constexpr Register kI2c3{0x4000'5C00};
inline constexpr uint32_t kCr1 = 0x00, kCr2 = 0x04, kDr = 0x10, kSr1 = 0x14, kSr2 = 0x18, kCcr = 0x1C,
                          kTrise = 0x20;
inline constexpr Field kPe = bit(0), kStart = bit(8), kStop = bit(9), kAck = bit(10), kSwrst = bit(15);
inline constexpr Field kFreq{0, 6};
inline constexpr Field kSb = bit(0), kAddr = bit(1), kBtf = bit(2), kRxne = bit(6), kTxe = bit(7), kBerr = bit(8),
                       kArlo = bit(9), kAf = bit(10);
inline constexpr Field kBusy = bit(1);
inline constexpr Field kCcrValue{0, 12};
}  // namespace i2c

// ---- FMC SDRAM controller (RM0090 §37.7) -----------------------------------
namespace fmc {
inline constexpr Register kSdcr1{0xA000'0140}, kSdcr2{0xA000'0144}, kSdtr1{0xA000'0148}, kSdtr2{0xA000'014C},
    kSdcmr{0xA000'0150}, kSdrtr{0xA000'0154}, kSdsr{0xA000'0158};
// SDCR
inline constexpr Field kNc{0, 2}, kNr{2, 2}, kMwid{4, 2}, kNb = bit(6), kCas{7, 2}, kWp = bit(9), kSdclk{10, 2},
                       kRburst = bit(12), kRpipe{13, 2};
// SDTR: every field holds (cycles - 1)
inline constexpr Field kTmrd{0, 4}, kTxsr{4, 4}, kTras{8, 4}, kTrc{12, 4}, kTwr{16, 4}, kTrp{20, 4}, kTrcd{24, 4};
// SDCMR
inline constexpr Field kMode{0, 3}, kCtb2 = bit(3), kCtb1 = bit(4), kNrfs{5, 4}, kMrd{9, 13};
inline constexpr uint32_t kCmdClockEnable = 1, kCmdPrechargeAll = 2, kCmdAutoRefresh = 3, kCmdLoadMode = 4;
// SDRTR, SDSR
inline constexpr Field kCre = bit(0), kCount{1, 13};
inline constexpr Field kBusy = bit(5);
}  // namespace fmc

// ---- LCD-TFT controller (RM0090 §16.7) --------------------------------------
namespace ltdc {
inline constexpr Register kBase{0x4001'6800};
inline constexpr Register kSscr = kBase.at(0x08), kBpcr = kBase.at(0x0C), kAwcr = kBase.at(0x10),
                          kTwcr = kBase.at(0x14), kGcr = kBase.at(0x18), kSrcr = kBase.at(0x24),
                          kBccr = kBase.at(0x2C);
inline constexpr Field kHorizontal{16, 12}, kVertical{0, 11};  // SSCR, BPCR, AWCR, TWCR halves
inline constexpr Field kLtdcEn = bit(0), kPcPol = bit(28), kDePol = bit(29), kVsPol = bit(30), kHsPol = bit(31);
inline constexpr Field kImr = bit(0), kVbr = bit(1);
inline constexpr Register layer(int n) { return kBase.at(0x84 + 0x80 * static_cast<uint32_t>(n)); }  // n = 0, 1
inline constexpr uint32_t kLxCr = 0x00, kLxWhpcr = 0x04, kLxWvpcr = 0x08, kLxPfcr = 0x10, kLxCacr = 0x14,
                          kLxDccr = 0x18, kLxBfcr = 0x1C, kLxCfbar = 0x28, kLxCfblr = 0x2C, kLxCfblnr = 0x30;
inline constexpr Field kLen = bit(0);
inline constexpr Field kStart{0, 12}, kStop{16, 12};          // WHPCR, WVPCR
inline constexpr Field kPitch{16, 13}, kLineLength{0, 13};    // CFBLR
inline constexpr Field kBf1{8, 3}, kBf2{0, 3};
inline constexpr uint32_t kPfRgb565 = 2;
}  // namespace ltdc

// ---- Cortex-M4 system (ARMv7-M ARM) ----------------------------------------
namespace scb {
inline constexpr Register kVtor{0xE000'ED08}, kCpacr{0xE000'ED88}, kDemcr{0xE000'EDFC};
inline constexpr Field kTrcEna = bit(24);
}  // namespace scb
namespace systick {
inline constexpr Register kCtrl{0xE000'E010}, kLoad{0xE000'E014}, kVal{0xE000'E018};
inline constexpr Field kEnable = bit(0), kTickInt = bit(1), kClkSourceCpu = bit(2);
}  // namespace systick
namespace dwt {
inline constexpr Register kCtrl{0xE000'1000}, kCyccnt{0xE000'1004};
inline constexpr Field kCycCntEna = bit(0);
}  // namespace dwt

}  // namespace nib::board::reg

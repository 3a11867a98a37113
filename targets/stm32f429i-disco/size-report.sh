#!/bin/sh
# size-report.sh SIZE-TOOL FIRMWARE.elf SDRAM-BYTES
# Flash, SRAM and SDRAM use of the board image against the STM32F429ZI's
# limits, and the limits QEMU's netduinoplus2 (STM32F405) adds for the
# self-test: 1 MB of flash, 128 KB of SRAM.
set -eu
"$1" -A -d "$2" | awk -v sdram="$3" -v image="$(basename "$2" .elf)" '
  $1 ~ /^\.(text|ARM\.extab|ARM\.exidx|preinit_array|init_array)$/ { flash += $2 }
  $1 == ".data" { flash += $2; sram += $2 }
  $1 ~ /^\.(stack|bss)$/ { sram += $2 }
  function line(name, used, limit, note) {
    printf "  %-6s %9d of %9d bytes (%5.1f%%)%s\n", name, used, limit, 100 * used / limit, note
  }
  END {
    print image " size (STM32F429ZI):"
    line("flash", flash, 2097152, flash <= 1048576 ? ", fits the F405 1 MB" : ", OVER the F405 1 MB")
    line("SRAM", sram, 196608, sram <= 131072 ? ", all in the first 128 KB" : ", OVER 128 KB")
    line("SDRAM", sdram, 8388608, ", the LCD frame")
  }'

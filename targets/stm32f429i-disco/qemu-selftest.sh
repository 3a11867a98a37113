#!/usr/bin/env bash
# qemu-selftest.sh FIRMWARE.elf N
# Boots the board image on QEMU's netduinoplus2 (STM32F405, USART1 on the
# serial port) and checks the USART1 log: N drawing lines, each with the
# expected digit, then exactly "selftest: N/N correct", then the display
# probe reporting no display (and no fault after it).
set -u
elf=$1
want=$2
timeout=${NIB_QEMU_TIMEOUT:-120}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

qemu-system-arm -M netduinoplus2 -nographic -monitor none -kernel "$elf" </dev/null >"$log" 2>&1 &
qemu=$!
# The firmware never exits (it halts in WFI): wait for its last line.
for ((i = 0; i < timeout * 10; ++i)); do
  grep -q '^display:' "$log" 2>/dev/null && break
  grep -q 'nib: fatal' "$log" 2>/dev/null && break
  kill -0 $qemu 2>/dev/null || break
  sleep 0.1
done
sleep 0.5  # a fault right after the probe would show up now
kill $qemu 2>/dev/null
wait $qemu 2>/dev/null
tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
cat "$log"

fail() { echo "qemu-selftest: $*" >&2; exit 1; }
grep -q 'nib: fatal' "$log" && fail "the firmware faulted"
drawings=$(grep -c '^drawing ' "$log")
[ "$drawings" -eq "$want" ] || fail "$drawings drawing lines, expected $want"
[ "$want" -ge 10 ] || fail "fewer than 10 drawings"
bad=$(grep '^drawing ' "$log" | awk '$4 != $6' | wc -l)
[ "$bad" -eq 0 ] || fail "$bad drawings not recognized"
grep -qx "selftest: $want/$want correct" "$log" || fail "no line 'selftest: $want/$want correct'"
grep -q '^display: .*no display' "$log" || fail "the display probe did not report"
echo "qemu-selftest: $want/$want drawings recognized on netduinoplus2"

#!/usr/bin/env bash
# Runs a firmware under QEMU with Arm semihosting:
#   [NIB_QEMU_MACHINE=mps2-an386] run-qemu.sh FIRMWARE.elf [ARGS...]
# NIB_QEMU_MACHINE must be the machine the firmware was linked for (the
# NIB_QEMU_MACHINE of its build; default mps2-an386, the m4 preset's).
# The firmware sees argv = (FIRMWARE.elf ARGS...), its console output goes to
# stdout, host files resolve against the current directory, and this script
# exits with the firmware's exit code (& 0xff). A firmware still running after
# NIB_QEMU_TIMEOUT seconds (default 120) is killed: exit 124.
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 FIRMWARE.elf [ARGS...]" >&2
  exit 2
fi
if [ ! -f "$1" ]; then
  echo "$0: no such firmware: $1" >&2
  exit 2
fi
timeout=${NIB_QEMU_TIMEOUT:-120}
machine=${NIB_QEMU_MACHINE:-mps2-an386}

# QEMU hands the guest one string: the args joined by single spaces. The
# firmware splits it again and treats "..." as one word, so empty arguments
# and ones with spaces are sent quoted; a literal '"' cannot be passed. Commas
# are doubled because QEMU's option syntax uses them as separators.
config="enable=on,target=native,chardev=semihost"
for arg in "$@"; do
  case $arg in
    *'"'*) echo "$0: arguments may not contain '\"': $arg" >&2; exit 2 ;;
    '' | *' '*) arg="\"$arg\"" ;;
  esac
  config+=",arg=${arg//,/,,}"
done

# The stdio chardev needs an open stdin (ctest or CI may have closed it).
(exec 3<&0) 2>/dev/null || exec </dev/null

# --foreground: when run from a terminal QEMU must keep the tty (it reads the
# console from it) instead of being stopped by SIGTTIN.
timeout --foreground --kill-after=5 "$timeout" \
  qemu-system-arm -M "$machine" -nographic -monitor none -serial none \
    -chardev stdio,id=semihost \
    -semihosting-config "$config" \
    -kernel "$1"
status=$?
if [ $status -eq 124 ]; then
  echo "$0: $1 timed out after ${timeout}s" >&2
fi
exit $status

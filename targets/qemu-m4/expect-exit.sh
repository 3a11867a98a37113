#!/usr/bin/env bash
# expect-exit.sh CODE COMMAND [ARGS...]
# Succeeds only if COMMAND exits with exactly CODE: lets a ctest test check
# that a failure propagates with the right status, not just "non-zero".
want=$1
shift
"$@"
got=$?
if [ "$got" -ne "$want" ]; then
  echo "$0: expected exit status $want, got $got" >&2
  exit 1
fi

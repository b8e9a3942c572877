#!/usr/bin/env bash
# Installs what building and testing iamtrim needs on Debian 12, and nothing
# that is already there. Runs apt through sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  nlohmann-json3-dev libre2-dev libcli11-dev libyaml-cpp-dev libgtest-dev
  # Tests: SARIF schema validation, the pre-commit hook test, the fuzzer.
  python3 python3-jsonschema pre-commit clang
  # Tests: HashiCorp's HCL parser as the oracle for in-place .tf edits (tools/hcl-check).
  golang-go golang-github-hashicorp-hcl-v2-dev
  # Tests: the HTML reports in a real browser (tests/browser).
  chromium chromium-driver
  # Tests: the shells and man(1) that read the generated completions and man page.
  zsh fish groff-base man-db
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

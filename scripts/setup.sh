#!/usr/bin/env bash
# Installs the Debian packages mlgate needs to build and test, and nothing else.
# Idempotent: quiet and quick when everything is present. Run as root (or with sudo).
set -euo pipefail

# Build and run dependencies (see README "Dependencies"; git writes approvals and
# openssh-client's ssh-keygen and gpg verify them), then what the tests run: xmllint
# (JUnit output against junit-10.xsd), python3-junitparser (JUnit read by a consumer),
# python3-jsonschema (SARIF against its schema), chromium (report.html in a real browser),
# gpg-agent (the tests sign approvals with OpenPGP keys), clang with its runtime (the
# sanitizer build of the suite and the libFuzzer targets) and clang-tidy and cppcheck
# (`make lint`). The coverage tools that made
# tests/fixtures are only needed to regenerate them (see the README there).
BUILD_PACKAGES=(
  g++ cmake make pkg-config git openssh-client gpg
  libgit2-dev libyaml-cpp-dev rapidjson-dev libeigen3-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libssl-dev libpugixml-dev libcli11-dev
  libfast-float-dev libxxhash-dev libkainjow-mustache-dev zlib1g-dev
)
TEST_PACKAGES=(
  libxml2-utils gpg-agent python3-jsonschema python3-junitparser chromium
  clang libclang-rt-dev clang-tidy cppcheck
)

missing=()
for pkg in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

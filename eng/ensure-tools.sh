#!/usr/bin/env bash
# Installs what `make test` and `make demo` need, idempotently: Debian packages, npm packages, NuGet packages.
# Safe to run again and again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests and the demo use: ImageMagick makes the test images (with exiftool and the free ICC
# profiles: orientations, Adobe RGB and Display P3 tagged photos), vipsheader/identify check the
# thumbnails, poppler and qpdf check the PDFs, DejaVu is the PDF font and fontconfig's fc-query checks its
# subsets; MariaDB (server and client) runs the promotion tests' and demo's clusters on loopback; iptables partitions
# a function (run as another user) from one server while its replicas still reach it. e2fsprogs and mount (losetup)
# give the restore drill's check an ext4 filesystem on a loop device to run against.
# The Native AOT publish of every function links with clang against zlib; binutils' objdump checks that the binaries
# need no glibc newer than Amazon Linux 2023's.
APT_PACKAGES=(imagemagick libvips-tools poppler-utils qpdf icc-profiles-free libimage-exiftool-perl fonts-dejavu-core fonts-dejavu-extra fontconfig mariadb-server mariadb-client
  clang zlib1g-dev binutils iptables e2fsprogs mount ${LIFEGUARD_APT_PACKAGES:-})

need() { command -v "$1" >/dev/null 2>&1; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-tools: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

need dotnet || { echo "ensure-tools: the .NET SDK 10 (dotnet) is required; see global.json" >&2; exit 1; }
need node && need npm || { echo "ensure-tools: Node.js >= 20 with npm is required (the CDK runs on it)" >&2; exit 1; }

for tool in moto_server cfn-lint; do
  if ! need "$tool"; then
    echo "ensure-tools: $tool is missing; installing it with pip"
    python3 -m pip install --quiet 'moto[server]' cfn-lint || {
      echo "ensure-tools: could not install $tool (pip install 'moto[server]' cfn-lint)" >&2; exit 1; }
  fi
done

# npm packages (the CDK CLI), from the lock file; only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-tools: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# NuGet packages for every project (a no-op when the assets are current).
dotnet restore Lifeguard.slnx --nologo -v q

#!/usr/bin/env bash
# What a Native AOT build of the resource-servers tool needs on Linux (docs/tool.md, "Packages"): clang (the platform
# linker ILC drives) and zlib1g-dev, as Microsoft's Native AOT prerequisites name them for Debian and Ubuntu. Installs
# them with apt-get when missing (as root, or through `sudo -n` when that works without a password); otherwise prints
# why not and the command, and exits 0: eng/tool-smoke.sh and eng/tool-start.sh then use the framework-dependent
# package and say so.
set -uo pipefail

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ "${#missing[@]}" -gt 0 ] || exit 0

echo "eng/aot-prerequisites.sh: missing ${missing[*]}, which the Native AOT package of the tool needs"
source "$(dirname "$0")/apt-install.sh"
APT_INSTALL_HINT="see https://aka.ms/nativeaot-prerequisites" apt_install_missing eng/aot-prerequisites.sh "${missing[@]}"
command -v clang >/dev/null 2>&1 && [ -f /usr/include/zlib.h ] \
  || echo "eng/aot-prerequisites.sh: still missing: no Native AOT package will be built, only the framework-dependent one"
exit 0

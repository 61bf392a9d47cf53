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

command="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]}"
apt_install() { # apt_install [sudo -n]
  "$@" apt-get update -qq && "$@" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
echo "eng/aot-prerequisites.sh: missing ${missing[*]}, which the Native AOT package of the tool needs"
if [ "$(uname -s)" != Linux ]; then
  echo "eng/aot-prerequisites.sh: not Linux; see https://aka.ms/nativeaot-prerequisites"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "eng/aot-prerequisites.sh: apt-get not found; install the equivalent of Debian's ${missing[*]} yourself"
elif [ "$(id -u)" -eq 0 ]; then
  apt_install || echo "eng/aot-prerequisites.sh: could not install ${missing[*]}; run as root: $command"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_install sudo -n || echo "eng/aot-prerequisites.sh: could not install ${missing[*]}; run as root: $command"
else
  echo "eng/aot-prerequisites.sh: not root and no password-less sudo; to install ${missing[*]}, run as root:"
  echo "  $command"
fi
command -v clang >/dev/null 2>&1 && [ -f /usr/include/zlib.h ] \
  || echo "eng/aot-prerequisites.sh: still missing: no Native AOT package will be built, only the framework-dependent one"
exit 0

#!/usr/bin/env bash
# Sourced by eng/test.sh and eng/aot-prerequisites.sh: installs Debian packages they find missing.
#   apt_install_missing WHO PACKAGE...
# APT_INSTALL_HINT, when set, is added where the caller is told to install the packages itself (e.g. where they go).
# Installs with apt-get as root, or through `sudo -n` when that works without a password; otherwise, or when the
# install fails, prints the command to run as root, each line prefixed with WHO. Always returns 0: the caller says what
# is still missing and what that costs.

apt_install_missing() {
  local who=$1
  shift
  local command="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $*"
  local sudo=()
  if [ "$(uname -s)" != Linux ]; then
    echo "$who: not Linux; install the equivalent of Debian's $* yourself${APT_INSTALL_HINT:+ ($APT_INSTALL_HINT)}"
    return 0
  elif ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: apt-get not found; install the equivalent of Debian's $* yourself${APT_INSTALL_HINT:+ ($APT_INSTALL_HINT)}"
    return 0
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "$who: not root and no password-less sudo; to install $*, run as root:"
      echo "  $command"
      return 0
    fi
  fi
  "${sudo[@]}" apt-get update -qq \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || echo "$who: could not install $*; run as root: $command"
  return 0
}

#!/usr/bin/env bash
# README's test command: installs the tools the tests drive when they are missing, then runs every test of the solution.
#   bash eng/test.sh [dotnet test arguments, e.g. --filter ...]
# Exits with dotnet test's status.
#
# The tools (Debian packages; installed as root, or through `sudo -n` when that works without a password):
#   awscli        the AWS CLI v2 at /usr/bin/aws: the conformance tests drive the Cognito emulator with it
#   redis-server  redis-server: for the tests that run a local Redis
#   nodejs, npm   node and npm: the configuration conformance tests run the AWS SDK for JavaScript v3 beside the
#                 library; its packages are installed into tests/conformance-js with `npm ci` (package-lock.json)
# Otherwise the script prints the command to install them and runs the tests anyway; the tests that need a missing
# tool then fail saying which and how to install it.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

source eng/apt-install.sh

if [ "${#missing[@]}" -gt 0 ]; then
  echo "eng/test.sh: missing ${missing[*]}"
  APT_INSTALL_HINT="AWS CLI v2 at /usr/bin/aws, redis-server on PATH" apt_install_missing eng/test.sh "${missing[@]}"
  [ -x /usr/bin/aws ] || echo "eng/test.sh: /usr/bin/aws is missing: the AWS CLI conformance tests will fail"
  command -v redis-server >/dev/null 2>&1 || echo "eng/test.sh: redis-server is missing: the tests that need it will fail"
fi

# The AWS SDK for JavaScript v3, at the versions package-lock.json names, for the configuration conformance tests.
if command -v npm >/dev/null 2>&1 && [ ! -d tests/conformance-js/node_modules/@aws-sdk/client-cognito-identity-provider ]; then
  npm ci --prefix tests/conformance-js --no-audit --no-fund --loglevel=error \
    || echo "eng/test.sh: npm ci in tests/conformance-js failed: the configuration conformance tests will fail"
fi

exec dotnet test ResourceServers.sln "$@"

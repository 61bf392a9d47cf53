#!/usr/bin/env bash
# How fast the resource-servers tool starts and plans, as a pipeline runs it many times: the wall time of
# `resource-servers plan` of one user pool of five resource servers against the standalone emulator on loopback, the
# median of five runs after one unmeasured run (which fills the disk cache), for each package of the tool as
# `dotnet tool install` installs it from the local packages (docs/tool.md, "Packages" and "Start time"):
#   native-aot:          ResourceServers.Tool, whose pointer package installs ResourceServers.Tool.linux-x64 on
#                        linux-x64 (`dotnet pack -r linux-x64`: Native AOT; needs clang and zlib1g-dev);
#   framework-dependent: ResourceServers.Tool.any, what every other platform installs (`dotnet pack -r any
#                        -p:PublishAot=false`), installed by its own id here since this machine would get the AOT one.
# The packages are packed here, unless TOOL_START_PACKAGES names a folder already holding the three packages of one
# version (eng/tool-smoke.sh leaves them there for CI, so ILC's minutes are spent once).
# Prints one line per package, "tool-start: command=plan pools=1 wall_ms=N build=B ...", and exits 0 when every package
# built here ran; without clang, or on a platform with no AOT package, it says why there is no native-aot line. The
# 0.3 s target is reported in docs/tool.md, not enforced here (a shared CI machine's timings vary too much).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=$(mktemp -d)
emulator=
cleanup() {
  [ -z "$emulator" ] || kill "$emulator" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "tool-start: FAILED: $*"; exit 1; }
run() { # run LOG COMMAND...: runs it with its output in LOG; on failure shows the log's tail and fails
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { tail -n 30 "$log"; fail "$*"; }
}

# The platform the AOT package is for: the one ToolPackageRuntimeIdentifiers declares (src/ResourceServers.Tool).
rid=
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && rid=linux-x64
no_aot= # why this machine builds no Native AOT package, if it does not
if [ -z "$rid" ]; then
  no_aot="the tool declares a Native AOT package for linux-x64 only, this is $(uname -s) $(uname -m)"
elif ! command -v clang >/dev/null; then
  no_aot="clang is missing, so no Native AOT package (apt-get install -y clang zlib1g-dev, or eng/aot-prerequisites.sh)"
fi

if [ -n "${TOOL_START_PACKAGES:-}" ]; then
  packages=$(cd "$TOOL_START_PACKAGES" && pwd)
  any=$(ls "$packages"/ResourceServers.Tool.any.*.nupkg 2>/dev/null | head -n 1)
  [ -n "$any" ] || fail "no ResourceServers.Tool.any package in $packages"
  version=${any##*/ResourceServers.Tool.any.}
  version=${version%.nupkg}
else
  packages=$work/packages
  version=$(dotnet msbuild src/ResourceServers -getProperty:Version -p:VersionSuffix=start.$(date +%s))
  run "$work/pack.log" dotnet pack src/ResourceServers.Tool -c Release -o "$packages" -p:Version="$version"
  run "$work/pack.log" dotnet pack src/ResourceServers.Tool -c Release -o "$packages" -p:Version="$version" -r any -p:PublishAot=false
  [ -n "$no_aot" ] || run "$work/pack.log" dotnet pack src/ResourceServers.Tool -c Release -o "$packages" -p:Version="$version" -r "$rid"
fi
sizes=$(cd "$packages" && for f in ResourceServers.Tool.*"$version".nupkg; do echo -n " ${f%."$version".nupkg} $(($(stat -c %s "$f") / 1024)) KB;"; done)
echo "tool-start: packages of version $version:${sizes%;}"

# The framework-dependent package by its own id; the AOT one through the pointer package, as a user on linux-x64 gets it.
builds=()
run "$work/install.log" dotnet tool install --tool-path "$work/any" --add-source "$packages" ResourceServers.Tool.any --version "$version"
builds+=("framework-dependent=$work/any/resource-servers")
if [ -n "$rid" ] && [ -f "$packages/ResourceServers.Tool.$rid.$version.nupkg" ]; then
  run "$work/install.log" dotnet tool install --tool-path "$work/aot" --add-source "$packages" ResourceServers.Tool --version "$version"
  # The command the pointer installed must be the platform package's native binary, not a fallback.
  [[ "$(readlink -f "$work/aot/resource-servers")" == */resourceservers.tool.$rid/* ]] \
    || fail "the pointer package installed $(readlink -f "$work/aot/resource-servers"), not ResourceServers.Tool.$rid"
  builds+=("native-aot=$work/aot/resource-servers")
else
  echo "tool-start: no native-aot line: ${no_aot:-$packages has no ResourceServers.Tool.$rid.$version package}"
fi

run "$work/build.log" dotnet build src/ResourceServers.Emulator -c Release -v q -nologo
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dotnet src/ResourceServers.Emulator/bin/Release/net10.0/ResourceServers.Emulator.dll --port "$port" --user-pool bench >"$work/emulator" 2>&1 &
emulator=$!
for _ in $(seq 1 120); do grep -q "listening on" "$work/emulator" 2>/dev/null && break; sleep 0.5; done
pool=$(sed -n 's/^user pool bench: //p' "$work/emulator")
[ -n "$pool" ] || { cat "$work/emulator"; fail "the emulator did not start"; }

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=$work/no-config AWS_SHARED_CREDENTIALS_FILE=$work/no-credentials
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER

# One pool of five resource servers, two scopes each, applied; the plan measured then has no changes.
python3 - "$pool" >"$work/manifest.json" <<'PY'
import json, sys
servers = [{"identifier": f"https://api{i}.example.com", "name": f"API {i}",
            "scopes": [{"name": "read", "description": "Read"}, {"name": "write", "description": "Write"}]} for i in range(5)]
print(json.dumps({"userPools": [{"userPoolId": sys.argv[1], "resourceServers": servers}]}))
PY
"${builds[0]#*=}" apply --manifest "$work/manifest.json" --yes >"$work/apply" 2>&1 || { cat "$work/apply"; fail "seeding the pool"; }

for build in "${builds[@]}"; do
  name=${build%%=*} tool=${build#*=}
  "$tool" plan --manifest "$work/manifest.json" --detailed-exitcode >"$work/out" 2>&1 || { cat "$work/out"; fail "$name: the plan did not run or is not empty"; }
  times=()
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$tool" plan --manifest "$work/manifest.json" --detailed-exitcode >"$work/out" 2>&1 || { cat "$work/out"; fail "$name: the plan failed"; }
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "tool-start: command=plan pools=1 wall_ms=$median build=$name (runs: ${times[*]})"
done

#!/usr/bin/env bash
# Runs README's resource-servers and cognito-emulator commands as written (README's test,
# tests/ResourceServers.IntegrationTests/Readme, checks that they appear here): the emulator packed and installed as
# a .NET tool, started on README's port 9229 with the manifest's pool; README's example plan of a pool that has the
# orders API with one scope and an unlisted server (seeded by applying a manifest of that state; exit 2 with
# --detailed-exitcode), plan (exit 0: it ran), apply, export, then the tool packed (pointer, framework-dependent and,
# with clang on linux-x64, Native AOT packages) and installed as a .NET tool, whose plan of the same manifest has no
# changes, a markdown plan, a saved plan (docs/tool.md) applied, and the YAML sample planned. Prints "tool smoke: ok" and exits 0 on success.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=$(mktemp -d)
version=
emulator=
cleanup() {
  [ -z "$emulator" ] || kill "$emulator" 2>/dev/null || true
  rm -rf "$work" .tools exported.json plan.json
  [ -z "$version" ] || rm -f artifacts/packages/ResourceServers.Tool*."$version".nupkg artifacts/packages/ResourceServers.Emulator."$version".nupkg
}
trap cleanup EXIT

fail() { echo "tool smoke: FAILED: $*"; [ ! -f "$work/log" ] || tail -n 30 "$work/log"; exit 1; }
expect() { # expect CODE COMMAND...: runs it with its output in the log, fails unless it exits with CODE
  local code=$1 status=0
  shift
  "$@" >"$work/out" 2>&1 || status=$?
  cat "$work/out" >>"$work/log"
  [ "$status" -eq "$code" ] || fail "exit $status, expected $code: $*"
}

# README, Testing: the emulator as a .NET tool from a local pack, creating the pool the manifest names as it starts.
version=$(dotnet msbuild src/ResourceServers -getProperty:Version -p:VersionSuffix=local.$(date +%s))
expect 0 dotnet pack src/ResourceServers.Emulator -c Release -o artifacts/packages -p:Version=$version
expect 0 dotnet tool install --tool-path .tools --add-source artifacts/packages ResourceServers.Emulator --version $version
python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 9229))' 2>/dev/null || fail "port 9229, which README's emulator command uses, is taken"
.tools/cognito-emulator --port 9229 --user-pool demo >"$work/emulator" 2>&1 &
emulator=$!
for _ in $(seq 1 120); do grep -q "listening on" "$work/emulator" 2>/dev/null && break; sleep 0.5; done
grep -q "listening on" "$work/emulator" || { cat "$work/emulator"; fail "the emulator did not start"; }
ORDERS_POOL_ID=$(sed -n 's/^user pool demo: //p' "$work/emulator")
[ -n "$ORDERS_POOL_ID" ] || { cat "$work/emulator"; fail "the emulator printed no id for --user-pool demo"; }
export ORDERS_POOL_ID

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:9229
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER

# README's example plan: the pool holds the orders API with one scope and a server the manifest does not name.
cat >"$work/seed.json" <<'JSON'
{ "userPools": [ { "userPoolId": "${ORDERS_POOL_ID}", "resourceServers": [
  { "identifier": "https://orders.example.com", "name": "Orders API", "scopes": [ { "name": "orders.read", "description": "Read orders" } ] },
  { "identifier": "https://legacy.example.com", "name": "Legacy API" } ] } ] }
JSON
expect 0 dotnet run --project src/ResourceServers.Tool -- apply --manifest "$work/seed.json" --var ORDERS_POOL_ID --yes
expect 2 dotnet run --project src/ResourceServers.Tool -- plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID --prune --detailed-exitcode
for row in "https://orders.example.com    update   add scope 'orders.write'" "https://billing.example.com   create" \
  "https://legacy.example.com    delete" "Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged."; do
  grep -qF "$row" "$work/out" || fail "README's example plan lacks: $row"
done

# README, Deployment pipelines: from the clone.
expect 0 dotnet run --project src/ResourceServers.Tool -- plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID
grep -q "Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged." "$work/out" || fail "the plan is not the manifest's changes"
expect 0 dotnet run --project src/ResourceServers.Tool -- apply --manifest samples/resource-servers.json --var ORDERS_POOL_ID --yes
grep -q "Apply complete: 1 created, 1 updated, 0 deleted, 0 unchanged" "$work/out" || fail "apply did not create and update the manifest's two resource servers"
expect 0 dotnet run --project src/ResourceServers.Tool -- export --user-pool-id "$ORDERS_POOL_ID" --file exported.json
grep -q "^Wrote exported.json: 1 user pool(s), 3 resource server(s)" "$work/out" || fail "export did not say what it wrote"
grep -q '"identifier": "https://orders.example.com"' exported.json || fail "the export lacks the orders API"

# docs/scope-grants.md: apply allowing revoked grants; nothing is left to apply, so it runs and changes nothing.
expect 0 dotnet run --project src/ResourceServers.Tool -- apply --manifest samples/resource-servers.json --var ORDERS_POOL_ID --yes --allow-revoking-grants
grep -q "No changes" "$work/out" || fail "apply --allow-revoking-grants after apply is not empty"

# README, The resource-servers tool: as a .NET tool from a local pack: the pointer package, the framework-dependent
# package, the Native AOT package for linux-x64 (where clang is), then the install through the pointer. Without clang
# (or elsewhere than linux-x64) README's fallback: the framework-dependent package by its id, saying so.
expect 0 dotnet pack src/ResourceServers.Tool -c Release -o artifacts/packages -p:Version=$version
expect 0 dotnet pack src/ResourceServers.Tool -c Release -o artifacts/packages -p:Version=$version -r any -p:PublishAot=false
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && command -v clang >/dev/null; then
  expect 0 dotnet pack src/ResourceServers.Tool -c Release -o artifacts/packages -p:Version=$version -r linux-x64
  expect 0 dotnet tool install --tool-path .tools --add-source artifacts/packages ResourceServers.Tool --version $version
  [[ "$(readlink -f .tools/resource-servers)" == */resourceservers.tool.linux-x64/* ]] || fail "the pointer package did not install the linux-x64 (Native AOT) package"
  installed="Native AOT, linux-x64"
else
  echo "tool smoke: no Native AOT package ($(uname -s) $(uname -m), clang: $(command -v clang || echo missing)); installing ResourceServers.Tool.any"
  expect 0 dotnet tool install --tool-path .tools --add-source artifacts/packages ResourceServers.Tool.any --version $version
  installed="framework-dependent"
fi
# For eng/tool-start.sh in CI, which then measures these packages instead of packing them again.
[ -z "${TOOL_SMOKE_PACKAGES_TO:-}" ] || cp artifacts/packages/ResourceServers.Tool.*"$version".nupkg "$TOOL_SMOKE_PACKAGES_TO"/
expect 0 .tools/resource-servers plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID
grep -q "No changes. 0 to create, 0 to update, 0 to delete, 2 unchanged." "$work/out" || fail "the installed tool's plan after apply is not empty"
expect 0 .tools/resource-servers plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID --output json --detailed-exitcode
grep -q '"changesPending": false' "$work/out" || fail "the installed tool's plan after apply is not empty"
grep -q '"complete": true' "$work/out" || fail "the installed tool's plan is not complete"

# docs/tool.md, Pull requests: the plan as a comment.
expect 0 .tools/resource-servers plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID --output markdown
grep -q '^\*\*No changes. 0 to create, 0 to update, 0 to delete, 2 unchanged.\*\*$' "$work/out" || fail "the markdown plan lacks its summary line"

# docs/tool.md, Saved plans: a plan saved with --prune (the legacy server goes), then applied exactly.
expect 0 .tools/resource-servers plan --manifest samples/resource-servers.json --var ORDERS_POOL_ID --prune --out plan.json
grep -q '"format": "resource-servers-plan"' plan.json || fail "plan --out wrote no saved plan"
expect 0 .tools/resource-servers apply plan.json
grep -q "Apply complete: 0 created, 0 updated, 1 deleted, 2 unchanged" "$work/out" || fail "apply of the saved plan did not delete the legacy server"

# docs/tool.md, YAML manifests: the YAML twin of the sample plans the same state, so no changes.
expect 0 .tools/resource-servers plan --manifest samples/resource-servers.yaml --var ORDERS_POOL_ID --detailed-exitcode
grep -q "No changes. 0 to create, 0 to update, 0 to delete, 2 unchanged." "$work/out" || fail "the YAML sample does not plan as its JSON twin"

echo "tool smoke: ok ($version, the tool installed: $installed)"

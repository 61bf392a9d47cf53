#!/usr/bin/env bash
# Regenerates each package's PublicAPI.Unshipped.txt from the public API analyzer's own findings (RS0016: a public
# symbol not declared; RS0017: a declared symbol that no longer exists), so the files always say what the code
# exposes. Run after changing a public surface, then review the diff of PublicAPI.*.txt like any other change.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
for project in ResourceServers ResourceServers.Testing ResourceServers.Redis; do
  dir="$repo/src/$project"
  log=$(mktemp)
  cp "$dir/PublicAPI.Unshipped.txt" "$log.previous"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet build "$dir/$project.csproj" --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -v quiet -nologo > "$log" 2>&1 || true
  if python3 - "$log" "$dir/PublicAPI.Shipped.txt" "$dir/PublicAPI.Unshipped.txt" <<'PY'
import re, sys
log, shipped, unshipped = sys.argv[1:4]
text = open(log, encoding="utf-8").read()
if re.search(r": error (?!RS00)", text):
    sys.exit(f"{unshipped}: not changed, the project does not compile:\n" + "\n".join(sorted({l.strip() for l in text.splitlines() if re.search(r": error (?!RS00)", l)})[:10]))
added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", text))
removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", text))
lines = sorted(added, key=lambda s: (s.lower(), s))
lines += sorted("*REMOVED*" + s for s in removed)
with open(unshipped, "w", encoding="utf-8") as f:
    f.write("#nullable enable\n" + "".join(l + "\n" for l in lines))
print(f"{unshipped}: {len(added)} added, {len(removed)} removed")
PY
  then rm -f "$log" "$log.previous"
  else mv "$log.previous" "$dir/PublicAPI.Unshipped.txt"; rm -f "$log"; exit 1
  fi
done

# The builds above ran with warnings allowed and left up-to-date outputs behind; build again as CI does, so findings
# the files cannot fix (for example RS0026, overloads with optional parameters) show now rather than later.
dotnet build "$repo/src/ResourceServers.Testing/ResourceServers.Testing.csproj" --no-incremental -v quiet -nologo

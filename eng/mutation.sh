#!/usr/bin/env bash
# Mutation testing (Stryker.NET, in Polly's spirit): how many deliberately broken versions of the library's logic the
# unit tests catch. Not part of .ci/run (it takes tens of minutes); run it before changing the logic it covers.
#   bash eng/mutation.sh                     every file in eng/stryker-config.json's scope
#   bash eng/mutation.sh '**/RetryBudget.cs' only the files matching the glob(s) given (quick run on one area)
#   bash eng/mutation.sh --concurrency=2 ... other Stryker options are passed on, a value joined with '=' (one argument)
# Four test processes at once (eng/stryker-config.json), though the machine has two cores: each mutant's test run waits
# on process start-up as much as on CPU, and four gave about three times the mutants per minute of two (measured while
# other builds ran beside it).
# Stryker.NET is a local .NET tool (.config/dotnet-tools.json), so `dotnet tool restore` brings it on a clean clone.
# The HTML and JSON reports land in artifacts/mutation/reports/. The last line is
#   mutation: score=<percent> killed=<k> survived=<s>
# (killed counts timeouts as Stryker does; survived counts mutants no test noticed, those no test reaches included).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null

# Arguments starting with '-' go to Stryker as they are (e.g. --concurrency=4); any other is a file glob to mutate.
extra=()
for arg in "$@"; do
  case "$arg" in
    -*) extra+=("$arg") ;;
    *) extra+=(--mutate "$arg") ;;
  esac
done

out="$root/artifacts/mutation"
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
# Stryker runs from the test project's folder and mutates the library project it references.
(cd tests/ResourceServers.Tests \
  && dotnet tool run dotnet-stryker --config-file "$root/eng/stryker-config.json" --output "$out" "${extra[@]}") \
  | tee "$out/stryker.log"
elapsed=$(( $(date +%s) - start ))

report="$out/reports/mutation-report.json"
[ -f "$report" ] || { echo "mutation: no report at $report (see $out/stryker.log)"; exit 1; }
command -v jq >/dev/null || { echo "mutation: jq is needed to read the report (apt-get install -y jq)"; exit 1; }
# The mutants no test noticed, one a line (file:line mutator: replacement), then the counts by status.
jq -r '.files | to_entries[] | .key as $file | .value.mutants[]
       | select(.status == "Survived" or .status == "NoCoverage")
       | "  \(.status): \($file | sub(".*/src/"; "src/")):\(.location.start.line) \(.mutatorName): \(.replacement // "" | .[0:100])"' "$report"
counts=$(jq -r '[.files[].mutants[].status] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$report")
count() { jq "[.files[].mutants[] | select(.status == \"$1\")] | length" "$report"; }
killed=$(( $(count Killed) + $(count Timeout) ))
survived=$(( $(count Survived) + $(count NoCoverage) ))
total=$(( killed + survived ))
score=$(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * k / t : 100 }')
echo "mutation: $counts; took $((elapsed / 60)) min $((elapsed % 60)) s"
echo "mutation: score=$score killed=$killed survived=$survived"

#!/usr/bin/env bash
# Mutation testing (Stryker.NET, in Polly's spirit): how many deliberately broken versions of the library's logic the
# tests catch. Not part of .ci/run (it takes tens of minutes); run it before changing the logic it covers.
# Three passes, each one Stryker run over a library project with its own config:
#   core   tests/ResourceServers.Tests over src/ResourceServers, the files of eng/stryker-config.json's scope;
#   wire   the transport and the call path (eng/stryker-wire-config.json: the code that signs, sends, reads, checks,
#          pages and observes), from the unit tests and the integration tests that run a misbehaving Kestrel server
#          in-process (MisbehavingServer, Resilience), so their mutants are reached by the wire's edge cases;
#   redis  tests/ResourceServers.IntegrationTests over src/ResourceServers.Redis (eng/stryker-redis-config.json), with
#          only the in-process Redis tests (classes Fleet/Redis*Tests, each starting a real redis-server): the
#          multi-process fleet tests run workers built without the mutant, so they could not kill one.
#   bash eng/mutation.sh                     every pass
#   bash eng/mutation.sh --pass=wire         one pass (core, wire or redis)
#   bash eng/mutation.sh '**/RetryBudget.cs' only the files matching the glob(s) given (quick run on one area); a pass
#                                            none of whose files a glob matches is skipped
#   bash eng/mutation.sh --concurrency=2 ... other Stryker options are passed on to every pass, a value joined with '='
# The core pass runs four test processes at once, though the machine has two cores: each mutant's test run waits on
# process start-up as much as on CPU, and four gave about three times the mutants per minute of two (measured while
# other builds ran beside it). The redis pass runs two: its tests time real lock hand-overs and pacing windows, which
# more processes than cores would make noisy (a test failing for time, not for the mutant, would hide a survivor).
# Stryker.NET is a local .NET tool (.config/dotnet-tools.json), so `dotnet tool restore` brings it on a clean clone.
# The HTML and JSON reports land in artifacts/mutation/<pass>/reports/. The last line sums the passes that ran:
#   mutation: score=<percent> killed=<k> survived=<s>
# (killed counts timeouts as Stryker does; survived counts mutants no test noticed, those no test reaches included).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v jq >/dev/null || { echo "mutation: jq is needed to read the reports (apt-get install -y jq)"; exit 1; }
dotnet tool restore >/dev/null

# pass name -> folder Stryker runs from (a test project's, or the library's when the config names its test projects),
# library folder, config.
declare -A rundir=([core]=tests/ResourceServers.Tests [wire]=src/ResourceServers [redis]=tests/ResourceServers.IntegrationTests)
declare -A library=([core]=src/ResourceServers [wire]=src/ResourceServers [redis]=src/ResourceServers.Redis)
declare -A config=([core]=eng/stryker-config.json [wire]=eng/stryker-wire-config.json [redis]=eng/stryker-redis-config.json)
passes=(core wire redis)

# --pass=<name> is this script's; other arguments starting with '-' go to Stryker as they are (e.g. --concurrency=4);
# any other is a file glob to mutate.
options=()
globs=()
for arg in "$@"; do
  case "$arg" in
    --pass=*)
      only=${arg#--pass=}
      [ -n "${rundir[$only]:-}" ] || { echo "mutation: --pass must be one of: ${passes[*]}; it was '$only'"; exit 1; }
      passes=("$only") ;;
    -*) options+=("$arg") ;;
    *) globs+=("$arg") ;;
  esac
done

# Whether a pass has a file some glob names ('**' and '*' both match across folders here, a superset of Stryker's
# matching: a pass run for nothing only costs its build). Exclusions ('!...') select no pass.
selected() {
  local includes=() glob file
  for glob in ${globs[@]+"${globs[@]}"}; do
    [[ $glob == '!'* ]] || includes+=("$glob")
  done
  [ ${#includes[@]} -eq 0 ] && return 0
  while IFS= read -r file; do
    for glob in "${includes[@]}"; do
      # shellcheck disable=SC2053 # the glob is a pattern on purpose
      [[ $file == $glob || ${file#"${library[$1]}"/} == $glob ]] && return 0
    done
  done < <(cd "$root" && find "${library[$1]}" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*')
  return 1
}

out="$root/artifacts/mutation"
rm -rf "$out"
mkdir -p "$out"
ran=()
for pass in "${passes[@]}"; do
  if ! selected "$pass"; then
    echo "mutation: $pass pass skipped: no file of ${library[$pass]} matches ${globs[*]}"
    continue
  fi
  mutate=()
  for glob in ${globs[@]+"${globs[@]}"}; do mutate+=(--mutate "$glob"); done
  start=$(date +%s)
  (cd "${rundir[$pass]}" \
    && dotnet tool run dotnet-stryker --config-file "$root/${config[$pass]}" --output "$out/$pass" \
      ${mutate[@]+"${mutate[@]}"} ${options[@]+"${options[@]}"}) \
    | tee "$out/$pass.log"
  echo $(( $(date +%s) - start )) > "$out/$pass.seconds"
  [ -f "$out/$pass/reports/mutation-report.json" ] \
    || { echo "mutation: no report at $out/$pass/reports/mutation-report.json (see $out/$pass.log)"; exit 1; }
  ran+=("$pass")
done
[ ${#ran[@]} -gt 0 ] || { echo "mutation: no pass has a file matching ${globs[*]}"; exit 1; }

reports=()
for pass in "${ran[@]}"; do
  report="$out/$pass/reports/mutation-report.json"
  reports+=("$report")
  # The mutants no test noticed, one a line (file:line mutator: replacement), then the counts by status.
  jq -r '.files | to_entries[] | .key as $file | .value.mutants[]
         | select(.status == "Survived" or .status == "NoCoverage")
         | "  \(.status): \($file | sub(".*/src/"; "src/")):\(.location.start.line) \(.mutatorName): \(.replacement // "" | .[0:100])"' "$report"
  seconds=$(cat "$out/$pass.seconds")
  counts=$(jq -r '[.files[].mutants[].status] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$report")
  echo "mutation: $pass pass: $counts; took $((seconds / 60)) min $((seconds % 60)) s"
done

# Sums over every report of the passes that ran.
count() { jq -s "[.[].files[].mutants[] | select(.status == \"$1\")] | length" "${reports[@]}"; }
killed=$(( $(count Killed) + $(count Timeout) ))
survived=$(( $(count Survived) + $(count NoCoverage) ))
total=$(( killed + survived ))
score=$(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * k / t : 100 }')
echo "mutation: score=$score killed=$killed survived=$survived"

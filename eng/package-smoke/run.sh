#!/usr/bin/env bash
# Packs the library and the test kit and consumes them the way README's Install section says, running its commands
# as written (README's test, tests/ResourceServers.IntegrationTests/Readme, checks that they appear here), in a
# throwaway application (library and Redis only, eng/package-smoke/app) and its test project (the test kit,
# eng/package-smoke/tests) that it then builds and runs. Then the analyzers: a project calling stand-in SDK types
# (eng/package-smoke/analyzers) built with the library's package and with ResourceServers.Analyzers alone must show
# each hazard's warning, with its id, on its line. Prints "package smoke: ok" and exits 0 on success.
#
# The version comes from the one place that holds it (VersionPrefix in Directory.Build.props) with a suffix new to
# every run (local.<unix time>; a pack takes seconds), so a re-pack is never served stale from the NuGet cache.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
log="$work/log"
version=
# The packages land in the clone's artifacts/packages (git-ignored), as README says; this run's are removed at the end.
trap 'rm -rf "$work"; [ -z "$version" ] || rm -f "$repo"/artifacts/packages/ResourceServers*."$version".*nupkg' EXIT

quiet() { # quiet COMMAND...: runs it with its output in the log; on failure shows the log and stops
  "$@" >>"$log" 2>&1 || { tail -n 40 "$log"; echo "package smoke: FAILED: $*"; exit 1; }
}

# README, Install: in the clone.
cd "$repo"
version=$(dotnet msbuild src/ResourceServers -getProperty:Version -p:VersionSuffix=local.$(date +%s))
quiet dotnet pack src/ResourceServers -c Release -o artifacts/packages -p:Version=$version
quiet dotnet pack src/ResourceServers.Testing -c Release -o artifacts/packages -p:Version=$version
quiet dotnet pack src/ResourceServers.Redis -c Release -o artifacts/packages -p:Version=$version
packages=$PWD/artifacts/packages
# README, "Catching the replace hazard at build time": the analyzers alone.
quiet dotnet pack src/ResourceServers.Analyzers.Package -c Release -o artifacts/packages -p:Version=$version

case "$version" in
  "$(dotnet msbuild src/ResourceServers -getProperty:VersionPrefix)"-local.*) ;;
  *) echo "package smoke: FAILED: version '$version' is not VersionPrefix-local.<n>"; exit 1 ;;
esac
for ext in nupkg snupkg; do
  for id in ResourceServers ResourceServers.Testing ResourceServers.Redis; do
    [ -f "$packages/$id.$version.$ext" ] || { echo "package smoke: FAILED: missing $id.$version.$ext"; exit 1; }
  done
done
[ -f "$packages/ResourceServers.Analyzers.$version.nupkg" ] || { echo "package smoke: FAILED: missing ResourceServers.Analyzers.$version.nupkg"; exit 1; }

# Both packages carry the analyzer and its code fixes where the compiler looks, and neither depends on Roslyn or on
# the other (the library brings the rules without a runtime dependency).
for id in ResourceServers ResourceServers.Analyzers; do
  listing=$(unzip -l "$packages/$id.$version.nupkg")
  for dll in ResourceServers.Analyzers.dll ResourceServers.Analyzers.CodeFixes.dll; do
    grep -q " analyzers/dotnet/cs/$dll$" <<<"$listing" \
      || { echo "package smoke: FAILED: $id.$version.nupkg has no analyzers/dotnet/cs/$dll"; exit 1; }
  done
  if unzip -p "$packages/$id.$version.nupkg" "$id.nuspec" | grep -qE '<dependency id="(Microsoft\.CodeAnalysis|ResourceServers\.Analyzers)'; then
    echo "package smoke: FAILED: $id.$version.nupkg depends on Roslyn or on ResourceServers.Analyzers"; exit 1
  fi
done

# README, Install: in the user's solution folder, an application (App) and its test project (App.Tests) that have no
# nuget.config and no package references yet.
mkdir -p "$work/consumer/App" "$work/consumer/App.Tests"
cp "$repo/eng/package-smoke/App.csproj.template" "$work/consumer/App/App.csproj"
cp "$repo/eng/package-smoke/app/Program.cs" "$repo/eng/package-smoke/app/appsettings.json" "$work/consumer/App/"
cp "$repo/eng/package-smoke/App.Tests.csproj.template" "$work/consumer/App.Tests/App.Tests.csproj"
cp "$repo/eng/package-smoke/tests/Program.cs" "$repo/eng/package-smoke/tests/appsettings.json" "$work/consumer/App.Tests/"
cd "$work/consumer"
quiet dotnet new nugetconfig
quiet dotnet nuget add source "$packages" --name resourceservers-local
quiet dotnet add App package ResourceServers --version $version                # the library
quiet dotnet add App package ResourceServers.Redis --version $version          # only for more than one process (Redis)
quiet dotnet add App.Tests package ResourceServers.Testing --version $version  # the test kit: in-memory Cognito, emulator

grep -q "<PackageReference Include=\"ResourceServers.Testing\" Version=\"$version\"" App.Tests/App.Tests.csproj \
  || { echo "package smoke: FAILED: dotnet add package did not reference $version"; exit 1; }
! grep -q "ResourceServers.Testing" App/App.csproj || { echo "package smoke: FAILED: the test kit is in the application"; exit 1; }

# The analyzers, in a project of their own (the consumer above treats warnings as errors): built once with the
# library's package and once with ResourceServers.Analyzers alone. Each hazard of Hazards.cs warns once, on the line
# its comment names; the safe read-modify-write does not.
analyzer_consumer() { # analyzer_consumer NAME: a fresh copy of the analyzer consumer in $work/NAME, with the local package source; cds there
  mkdir "$work/$1"
  cp "$repo/eng/package-smoke/analyzers/AnalyzerConsumer.csproj.template" "$work/$1/AnalyzerConsumer.csproj"
  cp "$repo/eng/package-smoke/analyzers/"*.cs "$work/$1/"
  cd "$work/$1"
  quiet dotnet new nugetconfig
  quiet dotnet nuget add source "$packages" --name resourceservers-local
}
check_analyzer_warnings() { # check_analyzer_warnings WHAT: builds the project here and checks its warnings
  local output expected line
  output=$(dotnet build --nologo -tl:off -clp:NoSummary 2>&1) \
    || { echo "$output" | tail -n 40; echo "package smoke: FAILED: the analyzer consumer ($1) did not build"; exit 1; }
  echo "$output" >>"$log"
  expected=0
  for id in RSRV001 RSRV003; do
    line=$(grep -n "// $id\$" Hazards.cs | cut -d: -f1)
    grep -qE "Hazards\.cs\($line,[0-9]+\): warning $id: " <<<"$output" \
      || { echo "package smoke: FAILED: the analyzer consumer ($1) shows no warning $id on Hazards.cs line $line"; exit 1; }
    expected=$((expected + 1))
  done
  [ "$(grep -oE 'Hazards\.cs\([0-9]+,[0-9]+\): warning RSRV[0-9]+' <<<"$output" | sort -u | wc -l)" -eq "$expected" ] \
    || { echo "package smoke: FAILED: the analyzer consumer ($1) shows other RSRV warnings:"; grep -E 'warning RSRV' <<<"$output" | sort -u; exit 1; }
  echo "package smoke: analyzers warn through $1"
}
analyzer_consumer analyzers-with-library
quiet dotnet add package ResourceServers --version $version
check_analyzer_warnings "the ResourceServers package"
analyzer_consumer analyzers-alone
quiet dotnet add package ResourceServers.Analyzers --version $version
check_analyzer_warnings "the ResourceServers.Analyzers package"
echo "package smoke: consuming $version from $packages"
cd "$work/consumer/App"
dotnet run --nologo -v quiet
cd "$work/consumer/App.Tests"
dotnet run --nologo -v quiet
# The same test project again, authenticating with web identity through the test kit's STS (see tests/Program.cs).
dotnet run --nologo -v quiet --no-build -- --web-identity

#!/usr/bin/env bash
# Packs the library and the test kit and consumes them the way README's Install section says, running its commands
# as written (README's test, tests/ResourceServers.IntegrationTests/Readme, checks that they appear here), in a
# throwaway project that it then builds and runs. Prints "package smoke: ok" and exits 0 on success.
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

case "$version" in
  "$(dotnet msbuild src/ResourceServers -getProperty:VersionPrefix)"-local.*) ;;
  *) echo "package smoke: FAILED: version '$version' is not VersionPrefix-local.<n>"; exit 1 ;;
esac
for ext in nupkg snupkg; do
  for id in ResourceServers ResourceServers.Testing ResourceServers.Redis; do
    [ -f "$packages/$id.$version.$ext" ] || { echo "package smoke: FAILED: missing $id.$version.$ext"; exit 1; }
  done
done

# README, Install: in the user's project folder, a project that has no nuget.config and no package references yet.
mkdir "$work/consumer"
cp "$repo/eng/package-smoke/Consumer.csproj.template" "$work/consumer/Consumer.csproj"
cp "$repo/eng/package-smoke/Program.cs" "$repo/eng/package-smoke/appsettings.json" "$work/consumer/"
cd "$work/consumer"
quiet dotnet new nugetconfig
quiet dotnet nuget add source "$packages" --name resourceservers-local
quiet dotnet add package ResourceServers --version $version
quiet dotnet add package ResourceServers.Testing --version $version
quiet dotnet add package ResourceServers.Redis --version $version

grep -q "<PackageReference Include=\"ResourceServers.Testing\" Version=\"$version\"" Consumer.csproj \
  || { echo "package smoke: FAILED: dotnet add package did not reference $version"; exit 1; }
echo "package smoke: consuming $version from $packages"
dotnet run --nologo -v quiet
# The same consumer again, authenticating with web identity through the test kit's STS (see Program.cs).
dotnet run --nologo -v quiet --no-build -- --web-identity

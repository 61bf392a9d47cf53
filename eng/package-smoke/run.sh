#!/usr/bin/env bash
# Packs the library and the test kit, then restores, builds and runs a throwaway consumer from the local package
# folder, the way a user's NuGet reference would. Prints "package smoke: ok" and exits 0 on success.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A version of its own per run, so a cached package from an earlier run is never picked up instead.
version="0.1.0-smoke.$(date +%s)"

dotnet pack "$repo/src/ResourceServers" -c Release -o "$work/packages" -p:Version="$version" --nologo -v quiet
dotnet pack "$repo/src/ResourceServers.Testing" -c Release -o "$work/packages" -p:Version="$version" --nologo -v quiet
for ext in nupkg snupkg; do
  for id in ResourceServers ResourceServers.Testing; do
    [ -f "$work/packages/$id.$version.$ext" ] || { echo "package smoke: missing $id.$version.$ext"; exit 1; }
  done
done

mkdir "$work/consumer"
sed "s/@VERSION@/$version/" "$repo/eng/package-smoke/Consumer.csproj.template" > "$work/consumer/Consumer.csproj"
cp "$repo/eng/package-smoke/Program.cs" "$repo/eng/package-smoke/appsettings.json" "$work/consumer/"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
dotnet run --project "$work/consumer/Consumer.csproj" --nologo -v quiet

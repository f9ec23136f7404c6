#!/usr/bin/env bash
# Packs the SDK into a local folder feed and builds and runs a consumer project against it, outside the
# repository (so none of its build settings leak in). Each run uses a unique prerelease version, so the
# NuGet cache can never hand back an older build of the same version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
version_suffix="check.$(date +%s).$$"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
# Remove the work folder and this run's one-off versions from the NuGet cache.
trap 'rm -rf "$work" "$cache"/stepflow.*/*-"$version_suffix"' EXIT
feed="$work/feed"

echo "pack-check: packing into $feed"
dotnet pack "$root/Stepflow.Api.sln" --configuration Release --output "$feed" -nologo -verbosity:quiet \
  -property:VersionSuffix="$version_suffix" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }

version="$(ls "$feed" | sed -n 's/^Stepflow\.Client\.\(.*\)\.nupkg$/\1/p' | head -n 1)"
for package in Stepflow.Api Stepflow.Client Stepflow.Testing Stepflow.LocalServer; do
  for kind in nupkg snupkg; do
    [[ -f "$feed/$package.$version.$kind" ]] || { echo "pack-check: missing $package.$version.$kind" >&2; exit 1; }
  done
  # The package must carry its README, XML docs and both target frameworks.
  listing="$(unzip -l "$feed/$package.$version.nupkg")"
  for entry in README.md "lib/net8.0/$package.xml" "lib/net10.0/$package.dll"; do
    grep -q "$entry" <<<"$listing" || { echo "pack-check: $package lacks $entry" >&2; exit 1; }
  done
done

consumer="$work/consumer"
mkdir -p "$consumer"
cat >"$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="stepflow-local" value="$feed" />
  </packageSources>
</configuration>
XML
testing_reference=""
testing_constant=""
if [[ -f "$feed/Stepflow.Testing.$version.nupkg" ]]; then
  testing_reference="<PackageReference Include=\"Stepflow.Testing\" Version=\"$version\" />"
  testing_constant="HAS_TESTING"
fi
cat >"$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <!-- The package mirror here lacks some exact versions WireMock.Net asks for; NuGet picks the next one up. -->
    <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
    <DefineConstants>\$(DefineConstants);$testing_constant</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Stepflow.Client" Version="$version" />
    $testing_reference
  </ItemGroup>
</Project>
XML
cat >"$consumer/Program.cs" <<'CS'
using Stepflow.Client;

// Flow documents load through the packaged YamlDotNet dependency.
var flow = await FlowSource.FromYaml("name: greet\nsteps: []\n").LoadAsync();
if (flow["name"]?.GetValue<string>() != "greet") throw new InvalidOperationException("flow did not load");

#if HAS_TESTING
await using var server = new Stepflow.Testing.StepflowTestServer();
using var client = server.CreateClient();
var result = await client.RunAsync(FlowSource.FromYaml("name: greet\nsteps: []\n"), new { name = "Ada" });
if (!result.IsFinished) throw new InvalidOperationException("run did not finish");
Console.WriteLine($"pack-check consumer: run {result.RunId} {result.Status}");
#else
// Nothing listens on port 1: the packaged client must report a typed transport failure.
using var client = new StepflowClient(new Uri("http://127.0.0.1:1"), new StepflowClientOptions { OperationTimeout = TimeSpan.FromSeconds(20) });
try
{
    await client.HealthCheckAsync();
    throw new InvalidOperationException("expected a transport failure");
}
catch (StepflowTransportException e)
{
    Console.WriteLine($"pack-check consumer: {e.GetType().Name} as expected");
}
#endif
CS

echo "pack-check: building and running a consumer of Stepflow.Client $version"
(cd "$consumer" && dotnet run -nologo --configuration Release) || { echo "pack-check: consumer failed" >&2; exit 1; }
echo "pack-check: ok"

using System.IO.Compression;
using System.Xml.Linq;
using ResourceServers.IntegrationTests.Readme;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The tool's packages as <c>dotnet pack</c> writes them and <c>dotnet tool install</c> installs them (docs/tool.md,
/// "Packages"): the pointer package <c>ResourceServers.Tool</c> naming a Native AOT package for linux-x64 and the
/// framework-dependent fallback <c>ResourceServers.Tool.any</c>, which is packed, installed into a tool path and run
/// against the emulator here. The Native AOT package takes ILC minutes to pack, too long for a test: eng/tool-smoke.sh
/// packs it and installs it through the pointer, and eng/tool-start.sh measures it, both in .ci/run.
/// </summary>
public sealed class ToolPackageTests : IClassFixture<ToolPackageTests.Packages>, IAsyncLifetime
{
    private readonly Packages _packages;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-package-");
    private CognitoEmulator _emulator = null!;

    public ToolPackageTests(Packages packages) => _packages = packages;

    public async Task InitializeAsync() => _emulator = await CognitoEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public void The_pointer_package_names_the_linux_x64_package_and_the_framework_dependent_fallback()
    {
        using var pointer = ZipFile.OpenRead(_packages.Path("ResourceServers.Tool"));
        var settings = Xml(pointer, "tools/any/any/DotnetToolSettings.xml");
        var platforms = settings.Descendants("RuntimeIdentifierPackage")
            .Select(p => $"{p.Attribute("RuntimeIdentifier")?.Value}={p.Attribute("Id")?.Value}").ToList();

        Assert.Equal(["linux-x64=ResourceServers.Tool.linux-x64", "any=ResourceServers.Tool.any"], platforms);
        Assert.Equal("resource-servers", settings.Descendants("Command").Single().Attribute("Name")?.Value);
        Assert.Equal(["DotnetTool"], PackageTypes(pointer, "ResourceServers.Tool.nuspec"));
        // The pointer carries no binaries: the platform packages do.
        Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_framework_dependent_package_holds_the_portable_tool_without_symbols()
    {
        using var any = ZipFile.OpenRead(_packages.Path("ResourceServers.Tool.any"));
        var files = any.Entries.Select(e => e.FullName).ToList();

        Assert.Equal(["DotnetToolRidPackage"], PackageTypes(any, "ResourceServers.Tool.any.nuspec"));
        Assert.Contains("tools/net10.0/any/resource-servers.dll", files);
        Assert.Contains("tools/net10.0/any/resource-servers.runtimeconfig.json", files);
        Assert.Equal("resource-servers.dll", Xml(any, "tools/net10.0/any/DotnetToolSettings.xml").Descendants("Command").Single().Attribute("EntryPoint")?.Value);
        Assert.DoesNotContain("tools/net10.0/any/resource-servers.pdb", files);
        Assert.DoesNotContain("tools/net10.0/any/ResourceServers.xml", files);
    }

    [Fact]
    public async Task The_installed_framework_dependent_tool_plans_and_applies_against_the_emulator()
    {
        var pool = (await _emulator.Cognito.CreateUserPoolAsync("installed")).Id;
        await _emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(pool, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        var manifest = Path.Combine(_work.FullName, "resource-servers.yaml");
        File.WriteAllText(manifest, $$"""
            userPools:
              - userPoolId: "{{pool}}"
                resourceServers:
                  - identifier: "https://orders.example.com"
                    name: "Orders"
                    scopes:
                      - { name: "orders.read", description: "Read orders" }
                      - { name: "orders.write", description: "Write orders" }
            """);

        var version = await ToolProcess.RunInstalledAsync(_packages.Command, _emulator, _work.FullName, "--version");
        var plan = await ToolProcess.RunInstalledAsync(_packages.Command, _emulator, _work.FullName, "plan", "--manifest", manifest, "--detailed-exitcode");
        var apply = await ToolProcess.RunInstalledAsync(_packages.Command, _emulator, _work.FullName, "apply", "--manifest", manifest, "--yes");
        var again = await ToolProcess.RunInstalledAsync(_packages.Command, _emulator, _work.FullName, "plan", "--manifest", manifest, "--detailed-exitcode");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(_packages.Version + "+", version.Stdout, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("https://orders.example.com", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("add scope 'orders.write'", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged.", plan.Stdout, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply complete: 0 created, 1 updated, 0 deleted, 0 unchanged", apply.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes. 0 to create, 0 to update, 0 to delete, 1 unchanged.", again.Stdout, StringComparison.Ordinal);
        var scopes = (await _emulator.Cognito.CreateClient().GetAsync(pool, "https://orders.example.com")).Scopes.Select(s => s.Name);
        Assert.Equal(["orders.read", "orders.write"], scopes.Order(StringComparer.Ordinal));
    }

    private static XDocument Xml(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new InvalidOperationException($"The package has no {path}: {string.Join(", ", package.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        var xml = XDocument.Load(stream);
        // The nuspec has a namespace, DotnetToolSettings.xml none: names are compared without it.
        foreach (var element in xml.Descendants())
        {
            element.Name = element.Name.LocalName;
        }

        return xml;
    }

    private static List<string?> PackageTypes(ZipArchive package, string nuspec) =>
        Xml(package, nuspec).Descendants("packageType").Select(t => t.Attribute("name")?.Value).ToList();

    /// <summary>
    /// The pointer and framework-dependent packages of one new version, packed once for the class as README packs
    /// them, and the framework-dependent one installed into a tool path by its id (this machine, linux-x64, would get
    /// the Native AOT package through the pointer). Built under their own artifacts path, so the pack never rewrites
    /// the tool the other tests run.
    /// </summary>
    public sealed class Packages : IAsyncLifetime
    {
        private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("resource-servers-packages-");

        public string Version { get; } = $"0.0.1-processtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        /// <summary>The installed <c>resource-servers</c> command.</summary>
        public string Command => System.IO.Path.Combine(_root.FullName, "tools", "resource-servers");

        private string Folder => System.IO.Path.Combine(_root.FullName, "packages");

        public string Path(string id) => System.IO.Path.Combine(Folder, $"{id}.{Version}.nupkg");

        public async Task InitializeAsync()
        {
            var project = System.IO.Path.Combine(TestData.RepositoryRoot, "src", "ResourceServers.Tool");
            var pack = $"dotnet pack '{project}' -c Release -o '{Folder}' -p:Version={Version} --artifacts-path '{_root.FullName}/artifacts'";
            await RunAsync(pack);
            await RunAsync(pack + " -r any -p:PublishAot=false");
            await RunAsync($"dotnet tool install --tool-path '{_root.FullName}/tools' --add-source '{Folder}' ResourceServers.Tool.any --version {Version}");
        }

        public Task DisposeAsync()
        {
            _root.Delete(recursive: true);
            return Task.CompletedTask;
        }

        private async Task RunAsync(string command)
        {
            await using var process = ReadmeProcess.Start(command, _root.FullName, _root.FullName);
            var exit = await process.WaitForExitAsync(PackTimeout);
            Assert.True(exit == 0, $"exit {exit}\n{process}");
        }
    }
}

using Microsoft.CodeAnalysis;

namespace ResourceServers.Analyzers;

/// <summary>The diagnostics of <see cref="ReplaceSemanticsAnalyzer"/>; each is described in docs/analyzers.md.</summary>
internal static class Rules
{
    public const string UpdateResourceServerWithoutScopesId = "RSRV001";
    public const string UpdateResourceServerWithoutNameId = "RSRV002";
    public const string UpdateUserPoolClientWithoutSettingsId = "RSRV003";

    private const string Category = "Reliability";
    private const string HelpBase = "docs/analyzers.md#";

    public static readonly DiagnosticDescriptor UpdateResourceServerWithoutScopes = new(
        UpdateResourceServerWithoutScopesId,
        title: "UpdateResourceServer without Scopes deletes every scope",
        messageFormat: "UpdateResourceServer replaces the scope list; this request sets no Scopes, so every scope of {0} is deleted",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "UpdateResourceServer replaces a resource server's name and whole scope list. A request that never sets Scopes deletes them all. Read the resource server first and keep its scopes, or use IResourceServerClient.PatchAsync.",
        helpLinkUri: HelpBase + "rsrv001-updateresourceserver-without-scopes");

    public static readonly DiagnosticDescriptor UpdateResourceServerWithoutName = new(
        UpdateResourceServerWithoutNameId,
        title: "UpdateResourceServer without Name fails",
        messageFormat: "UpdateResourceServer requires Name; this request sets none, so the call for {0} is rejected",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "UpdateResourceServer requires the resource server's name, even when it does not change. A request that never sets Name is rejected by the service.",
        helpLinkUri: HelpBase + "rsrv002-updateresourceserver-without-name");

    public static readonly DiagnosticDescriptor UpdateUserPoolClientWithoutSettings = new(
        UpdateUserPoolClientWithoutSettingsId,
        title: "UpdateUserPoolClient that sets no settings resets them all",
        messageFormat: "UpdateUserPoolClient resets every setting the request leaves out; this request sets none, so every setting of {0} (OAuth flows and scopes, callback URLs, auth flows, token validity, attributes) is reset",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "UpdateUserPoolClient replaces an app client's configuration: every member the request leaves out is reset to its default. A request that sets only the pool, the client id and perhaps the name resets all of them. Copy the settings from DescribeUserPoolClient first.",
        helpLinkUri: HelpBase + "rsrv003-updateuserpoolclient-without-settings");
}

using System.Collections.ObjectModel;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// The one scenario every driver runs against the emulator, and the outcomes it must observe. Each driver works in a
/// pool of its own, so runs in one emulator do not see each other.
/// </summary>
internal static class ConformanceScenario
{
    public const string Api = "https://api.example.com";
    public const string UnknownPool = "us-east-1_NoSuchPool0";

    /// <summary>Fails the service's pattern <c>[\x21\x23-\x5B\x5D-\x7E]+</c>; the CLI checks no patterns, so it sends it.</summary>
    public const string IdentifierWithSpace = "has space";

    /// <summary>One over the model's maximum of 256; the CLI checks minimum lengths only, so it sends it.</summary>
    public static readonly string IdentifierTooLong = new('a', 257);

    /// <summary>Under the model's minimum of 1: botocore refuses to send it (exit code 252), as our client does.</summary>
    public const string EmptyIdentifier = "";

    // The documentation's second example key: a key id the emulator does not know.
    public const string UnknownAccessKeyId = "AKIAI44QH8DHBEXAMPLE";
    public const string WrongSecretAccessKey = "not-the-emulator-secret-access-key";

    /// <summary>
    /// The steps where the CLI and our client differ, by design: our client checks every model rule before sending,
    /// the CLI only required members and minimum lengths, so the CLI gets the service's InvalidParameterException.
    /// </summary>
    public static readonly ReadOnlyCollection<string> ClientSideValidationSteps = new([
        "create an identifier with a space",
        "create an identifier of 257 characters",
    ]);

    public static async Task<IReadOnlyList<string>> RunAsync(IConformanceDriver driver, string poolName)
    {
        var pool = await driver.CreateUserPoolAsync(poolName);
        var steps = new List<string>();
        void Step(string description, Observation observation) => steps.Add($"{description}: {observation}");

        Step("create with two scopes", await driver.CreateAsync(pool, Api, "Example API", [new("read", "Read"), new("write", "Write all, with care")]));
        Step("create orders", await driver.CreateAsync(pool, "orders", "Orders", [new("orders.read", "Read orders")]));
        Step("create billing without scopes", await driver.CreateAsync(pool, "billing", "Billing", []));
        Step("create catalog", await driver.CreateAsync(pool, "catalog", "Catalog", [new("browse", "Browse")]));
        Step("describe", await driver.DescribeAsync(pool, Api));

        var (first, token) = await driver.ListFirstAsync(pool, 2);
        Step("list the first 2", first);
        Step("list the rest from the token", token is null ? Observation.Unexpected("no token to continue from") : await driver.ListRestAsync(pool, token));

        Step("update without scopes", await driver.UpdateWithoutScopesAsync(pool, Api, "Example API v2"));
        Step("describe after the update", await driver.DescribeAsync(pool, Api));
        Step("delete catalog", await driver.DeleteAsync(pool, "catalog"));
        Step("describe the deleted", await driver.DescribeAsync(pool, "catalog"));
        Step("delete the deleted", await driver.DeleteAsync(pool, "catalog"));
        Step("list all", await driver.ListAllAsync(pool));

        Step("describe in an unknown pool", await driver.DescribeAsync(UnknownPool, Api));
        Step("create a duplicate", await driver.CreateAsync(pool, "orders", "Orders again", []));
        Step(ClientSideValidationSteps[0], await driver.CreateAsync(pool, IdentifierWithSpace, "Spaced", []));
        Step(ClientSideValidationSteps[1], await driver.CreateAsync(pool, IdentifierTooLong, "Long", []));
        Step("create an empty identifier", await driver.CreateAsync(pool, EmptyIdentifier, "Empty", []));
        Step("list with the wrong secret", await driver.ListSignedWithAsync(pool, CognitoEmulatorOptions.DefaultAccessKeyId, WrongSecretAccessKey));
        Step("list with an unknown access key", await driver.ListSignedWithAsync(pool, UnknownAccessKeyId, WrongSecretAccessKey));
        Step("list all at the end", await driver.ListAllAsync(pool));
        return steps;
    }

    /// <summary>What the service's answer to an identifier the CLI sends but our client refuses is.</summary>
    public static string ServiceAnswerTo(string step) => step switch
    {
        "create an identifier with a space" =>
            "service error InvalidParameterException: 1 validation error detected: Value at 'Identifier' failed to satisfy constraint: "
            + "must be printable ASCII without space, '\"' or '\\' ([\\x21\\x23-\\x5B\\x5D-\\x7E]+) (character U+0020 at index 3).",
        "create an identifier of 257 characters" =>
            "service error InvalidParameterException: 1 validation error detected: Value at 'Identifier' failed to satisfy constraint: "
            + "length must be 1..256 (length was 257).",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a client-side validation step"),
    };

    /// <summary>The outcomes, step by step. <paramref name="validatesEveryRule"/>: whether the driver refuses what the service would.</summary>
    public static IReadOnlyList<string> Expected(bool validatesEveryRule) =>
    [
        "create with two scopes: ok https://api.example.com \"Example API\" [read=Read, write=Write all, with care]",
        "create orders: ok orders \"Orders\" [orders.read=Read orders]",
        // The service answers an empty scope list, not a missing one.
        "create billing without scopes: ok billing \"Billing\" []",
        "create catalog: ok catalog \"Catalog\" [browse=Browse]",
        "describe: ok https://api.example.com \"Example API\" [read=Read, write=Write all, with care]",
        // Ordinal order of identifier; "more" is the driver's token (the CLI's own, which wraps the service's).
        "list the first 2: ok [billing, catalog] more",
        "list the rest from the token: ok [https://api.example.com, orders] end",
        // UpdateResourceServer replaces: sent without scopes, every scope is gone, printed as an empty list.
        "update without scopes: ok https://api.example.com \"Example API v2\" []",
        "describe after the update: ok https://api.example.com \"Example API v2\" []",
        "delete catalog: ok",
        "describe the deleted: service error ResourceNotFoundException: Resource server catalog does not exist in user pool <pool>.",
        "delete the deleted: service error ResourceNotFoundException: Resource server catalog does not exist in user pool <pool>.",
        "list all: ok [billing, https://api.example.com, orders] end",
        $"describe in an unknown pool: service error ResourceNotFoundException: User pool {UnknownPool} does not exist.",
        "create a duplicate: service error InvalidParameterException: A resource server with identifier orders already exists in user pool <pool>.",
        $"{ClientSideValidationSteps[0]}: {(validatesEveryRule ? "rejected before sending: Identifier" : ServiceAnswerTo(ClientSideValidationSteps[0]))}",
        $"{ClientSideValidationSteps[1]}: {(validatesEveryRule ? "rejected before sending: Identifier" : ServiceAnswerTo(ClientSideValidationSteps[1]))}",
        "create an empty identifier: rejected before sending: Identifier",
        // Only the first line: the service appends the canonical request and string to sign it expected.
        "list with the wrong secret: service error InvalidSignatureException: The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        "list with an unknown access key: service error UnrecognizedClientException: The security token included in the request is invalid.",
        "list all at the end: ok [billing, https://api.example.com, orders] end",
    ];
}

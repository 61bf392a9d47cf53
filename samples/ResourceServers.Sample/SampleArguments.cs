/// <summary>The main job's command line: no arguments runs on the embedded emulator.</summary>
internal sealed record SampleArguments(Uri? Endpoint, string? Region, string? UserPoolId)
{
    /// <summary>True when the walk runs against a real (or external) user pool rather than the embedded emulator.</summary>
    public bool UsesExternalPool => UserPoolId is not null;

    public static SampleArguments Parse(string[] args)
    {
        Uri? endpoint = null;
        string? region = null, userPoolId = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--endpoint":
                    endpoint = ParseEndpoint(value);
                    break;
                case "--region":
                    region = value;
                    break;
                case "--user-pool-id":
                    userPoolId = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--endpoint URL] [--region R] [--user-pool-id ID]");
            }

            i++;
        }

        if (userPoolId is null && (endpoint is not null || region is not null))
        {
            throw new ArgumentException("--endpoint and --region need --user-pool-id: the walk only touches resource servers it creates in an existing pool.");
        }

        return new SampleArguments(endpoint, region, userPoolId);
    }

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"--endpoint must be an absolute http or https URL (for example https://cognito-idp.us-east-1.amazonaws.com), not '{value}'.");
}

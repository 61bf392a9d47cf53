using System.Globalization;
using Polly;
using ResourceServers.TestTransports;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// <c>overhead --breakdown</c>: where the facade's extra cost goes, layer by layer (raw, transport alone, facade
/// without and with pipeline) and for the pieces in between (validation, mapping, an empty pipeline execution).
/// A profiling aid, not the benchmark: rounds of each variant are interleaved so that load from other processes
/// falls on all of them alike, and the median round is reported.
/// </summary>
internal static class OverheadBreakdown
{
    private const int Rounds = 21;
    private const int CallsPerRound = 1500;

    public static async Task<int> RunAsync()
    {
        var benchmarks = new OverheadBenchmarks();
        benchmarks.Setup();
        try
        {
            var fixture = benchmarks.Fixture;
            var transport = HttpTransports.Create(
                fixture.HttpClient,
                new ResourceServerClientOptions { Region = "us-east-1", Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret") });
            var pipeline = ResourceServerResilience.CreatePipeline(new ResourceServerResilienceOptions());
            var describeRequest = new DescribeResourceServerRequest { UserPoolId = OverheadFixture.UserPoolId, Identifier = OverheadFixture.Identifier };
            var wire = (await benchmarks.Describe_Raw()).ResourceServer;
            var creds = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret");
            var describeBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await benchmarks.Describe_Raw(), OverheadRawJsonContext.Default.DescribeResourceServerResponse);
            var listBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await fixture.Raw.ListAsync(new ListResourceServersRequest { UserPoolId = OverheadFixture.UserPoolId }), OverheadRawJsonContext.Default.ListResourceServersResponse);
            static Amazon.Runtime.Signing.AWSSigningRequest SigningRequest()
            {
                var body = "{\"UserPoolId\":\"us-east-1_Bench0001\",\"Identifier\":\"https://api.example.com/orders\"}"u8.ToArray();
                var r = new Amazon.Runtime.Signing.AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri("https://cognito-idp.us-east-1.amazonaws.com/"), Content = body };
                r.Headers["Content-Type"] = "application/x-amz-json-1.1";
                r.Headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.DescribeResourceServer";
                return r;
            }

            using var live = new CancellationTokenSource();
            var timeoutOnly = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(60)).Build();
            var twoTimeouts = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(60)).AddTimeout(TimeSpan.FromSeconds(10)).Build();
            var retryOnly = new ResiliencePipelineBuilder().AddRetry(new Polly.Retry.RetryStrategyOptions { ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is not null) }).Build();
            var port = new OverheadCompletedPort(await benchmarks.Describe_Raw(), await fixture.Raw.ListAsync(new ListResourceServersRequest { UserPoolId = OverheadFixture.UserPoolId }));
            var portFacade = new ResourceServerClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow, Resilience = { Pacing = { Enabled = false } } }, api: port);
            var portBare = OverheadFixture.WithoutPipeline(port);

            var variants = new (string Name, Func<Task> Call)[]
            {
                ("facade-only describe, no pipeline", () => portBare.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier)),
                ("facade-only describe, no pipeline, cancellable", () => portBare.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier, live.Token)),
                ("facade-only describe", () => portFacade.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier)),
                ("facade-only describe, cancellable", () => portFacade.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier, live.Token)),
                ("facade-only update, no pipeline", () => portBare.UpdateAsync(fixture.UpdateModel)),
                ("facade-only update", () => portFacade.UpdateAsync(fixture.UpdateModel)),
                ("describe raw", () => benchmarks.Describe_Raw()),
                ("describe transport", () => transport.DescribeResourceServerAsync(describeRequest)),
                ("describe raw, cancellable token", () => fixture.Raw.DescribeAsync(describeRequest, live.Token)),
                ("describe transport, cancellable token", () => transport.DescribeResourceServerAsync(describeRequest, live.Token)),
                ("describe facade-no-pipeline", () => benchmarks.Describe_FacadeNoPipeline()),
                ("describe facade-no-pipeline, cancellable", () => fixture.FacadeWithoutPipeline.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier, live.Token)),
                ("describe facade", () => benchmarks.Describe_Facade()),
                ("update raw", () => benchmarks.Update_Raw()),
                ("update transport", () => transport.UpdateResourceServerAsync(WireMapping.ToUpdateRequest(fixture.UpdateModel))),
                ("update facade-no-pipeline", () => benchmarks.Update_FacadeNoPipeline()),
                ("update facade", () => benchmarks.Update_Facade()),
                ("piece: validate resource server", () => { ResourceServerValidator.Validate(fixture.UpdateModel); return Task.CompletedTask; }),
                ("piece: validate key", () => { ResourceServerValidator.ValidateKey(OverheadFixture.UserPoolId, OverheadFixture.Identifier); return Task.CompletedTask; }),
                ("piece: map update request", () => { _ = WireMapping.ToUpdateRequest(fixture.UpdateModel); return Task.CompletedTask; }),
                ("piece: map response to model", () => { _ = WireMapping.ToModel(wire, OverheadFixture.UserPoolId, OverheadFixture.Identifier); return Task.CompletedTask; }),
                ("piece: empty pipeline execution", () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()),
                ("piece: timeout only", () => timeoutOnly.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()),
                ("piece: two timeouts", () => twoTimeouts.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()),
                ("piece: retry only (plain)", () => retryOnly.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()),
                ("piece: Empty pipeline execution", () => ResiliencePipeline.Empty.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()),
                ("piece: sign", () => Amazon.Runtime.Signing.AWSSigV4Signer.SignAsync(SigningRequest(), new Amazon.Runtime.Signing.AWSSigV4Parameters { Credentials = creds, Region = Amazon.RegionEndpoint.USEast1, Service = "cognito-idp", SignedAt = DateTime.UtcNow })),
                ("piece: deserialize describe async", async () => { using var ms = new MemoryStream(describeBody, false); _ = await System.Text.Json.JsonSerializer.DeserializeAsync(ms, OverheadRawJsonContext.Default.DescribeResourceServerResponse); }),
                ("piece: deserialize describe span", () => { _ = System.Text.Json.JsonSerializer.Deserialize(describeBody, OverheadRawJsonContext.Default.DescribeResourceServerResponse); return Task.CompletedTask; }),
                ("piece: deserialize list async", async () => { using var ms = new MemoryStream(listBody, false); _ = await System.Text.Json.JsonSerializer.DeserializeAsync(ms, OverheadRawJsonContext.Default.ListResourceServersResponse); }),
                ("piece: deserialize list span", () => { _ = System.Text.Json.JsonSerializer.Deserialize(listBody, OverheadRawJsonContext.Default.ListResourceServersResponse); return Task.CompletedTask; }),
                ("piece: check describe answer", () => { _ = CognitoResponseChecks.ServerProblem(wire, OverheadFixture.UserPoolId, OverheadFixture.Identifier); return Task.CompletedTask; }),
                ("piece: fresh response", () => { using var r = FreshResponse(); return Task.CompletedTask; }),
                ("piece: fresh response, request id read as the transport does", () => { using var r = FreshResponse(); _ = CognitoResponseReader.RawRequestId(r); _ = CognitoResponseReader.RequestId(r); return Task.CompletedTask; }),
                ("piece: serialize update", () => { _ = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(WireMapping.ToUpdateRequest(fixture.UpdateModel), OverheadRawJsonContext.Default.UpdateResourceServerRequest); return Task.CompletedTask; }),
            };

            var times = variants.Select(_ => new List<double>()).ToArray();
            var bytes = variants.Select(_ => new List<double>()).ToArray();
            for (var round = -2; round < Rounds; round++)
            {
                for (var v = 0; v < variants.Length; v++)
                {
                    var call = variants[v].Call;
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    var started = OverheadThreadCpuClock.Nanoseconds();
                    for (var i = 0; i < CallsPerRound; i++)
                    {
                        await call();
                    }

                    var elapsed = OverheadThreadCpuClock.Nanoseconds() - started;
                    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                    if (round >= 0)
                    {
                        times[v].Add((double)elapsed / CallsPerRound);
                        bytes[v].Add((double)allocated / CallsPerRound);
                    }
                }
            }

            Console.WriteLine($"{"variant",-48} median cpu ns/call   bytes/call (this thread)");
            for (var v = 0; v < variants.Length; v++)
            {
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-48} {1,17:F0}   {2,10:F0}", variants[v].Name, Median(times[v]), Median(bytes[v])));
            }

            return 0;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static HttpResponseMessage FreshResponse()
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(CognitoResponseReader.RequestIdHeader, "2b5f7c1e-8d3a-4f6b-9c2d-1e0f3a4b5c6d");
        return response;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

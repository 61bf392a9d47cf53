using System.Net;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Emulator;

public class CognitoEmulatorFaultTests : IAsyncLifetime
{
    private CognitoEmulator _emulator = null!;
    private string _describe = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        var pool = await _emulator.Cognito.CreateUserPoolAsync("pool");
        await _emulator.Cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool.Id, Identifier = "api", Name = "api" });
        _describe = $$"""{"UserPoolId":"{{pool.Id}}","Identifier":"api"}""";
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Injected_html_error_page_is_served_as_html_with_status_500_then_service_recovers()
    {
        _emulator.Cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.HtmlErrorPage);

        var reply = await Describe();

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        Assert.StartsWith("text/html", reply.ContentType, StringComparison.Ordinal);
        Assert.Contains("<html>", reply.Body, StringComparison.Ordinal);
        // The page the test kit documents (InjectedHtmlErrorPageException.Html), not some other HTML.
        Assert.Contains("(injected by FaultPlan)", reply.Body, StringComparison.Ordinal);
        Assert.Null(reply.ErrorTypeHeader);
        (await Describe()).AssertOk();
    }

    [Fact]
    public async Task Injected_internal_error_is_a_json_500()
    {
        _emulator.Cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);

        (await Describe()).AssertError(HttpStatusCode.InternalServerError, "InternalErrorException");
    }

    [Fact]
    public async Task Injected_throttle_is_a_too_many_requests_400()
    {
        _emulator.Cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);

        (await Describe()).AssertError(HttpStatusCode.BadRequest, "TooManyRequestsException");
        (await Describe()).AssertError(HttpStatusCode.BadRequest, "TooManyRequestsException");
        (await Describe()).AssertOk();
    }

    [Fact]
    public async Task Injected_dropped_connection_surfaces_as_http_request_exception_on_the_client()
    {
        _emulator.Cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.DroppedConnection);

        await Assert.ThrowsAsync<HttpRequestException>(Describe);
        (await Describe()).AssertOk();
    }

    private Task<EmulatorReply> Describe() => EmulatorCall.For(_emulator, "DescribeResourceServer", _describe).SendAsync();
}

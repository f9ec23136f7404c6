using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>Injected faults, rendered in each emulated generation's error shape.</summary>
public abstract class FaultTests(StepflowServerEmulation emulation) : ServerTest(emulation)
{
    private bool Is011 => Server.Emulation == StepflowServerEmulation.V0_11;

    [Theory]
    [InlineData(400, typeof(StepflowInvalidRequestException))]
    [InlineData(401, typeof(StepflowUnauthorizedException))]
    [InlineData(404, typeof(StepflowNotFoundException))]
    [InlineData(409, typeof(StepflowConflictException))]
    public async Task An_injected_client_error_surfaces_as_its_typed_exception(int status, Type expected)
    {
        Server.FailNext("GET", "/health", status, "injected");

        var error = await Assert.ThrowsAnyAsync<StepflowClientException>(() => Client.HealthCheckAsync(Timeout));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("injected", error.ServerMessage);
        var body = JsonNode.Parse(error.ResponseBody!)!;
        if (Is011)
        {
            // ErrorResponse {code, message} (docs/server-api.md §3.1).
            Assert.Equal(status, (int)body["code"]!);
            Assert.Equal("injected", (string?)body["message"]);
        }
        else
        {
            // The envelope {"error": {code, message, status}}; its gRPC status name becomes the error code (docs/server-api.md §3.2).
            Assert.Equal(status, (int)body["error"]!["code"]!);
            Assert.Equal("injected", (string?)body["error"]!["message"]);
            Assert.Equal((string?)body["error"]!["status"], error.ErrorCode);
        }

        Assert.Equal(1, Server.CountRequests("GET", "/health"));
        Assert.Equal("healthy", (await Client.HealthCheckAsync(Timeout)).Status); // Used up: the next request is answered.
    }

    [Fact]
    public async Task A_server_error_is_retried_and_raised_once_the_retries_are_spent()
    {
        Server.FailNext("GET", "/runs", 503, times: 2);
        var runs = await Client.ListRunsAsync(cancellationToken: Timeout); // Two failures, then success on the third attempt.
        Assert.Empty(runs);

        Server.FailNext("*", "/runs", 500, "boom", times: 4);
        var error = await Assert.ThrowsAsync<StepflowServerException>(() => Client.ListRunsAsync(cancellationToken: Timeout));
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("boom", error.ServerMessage);
        Assert.Equal(7, Server.CountRequests("GET", "/runs"));
    }

    [Fact]
    public async Task A_faulted_run_creation_creates_no_run()
    {
        var flowId = (await Client.StoreFlowAsync(FlowSource.FromJson(new JsonObject { ["name"] = "f" }), cancellationToken: Timeout)).FlowId;
        // What each generation says about an unknown flow (docs/server-api.md §3.5).
        var message = Is011 ? $"Workflow '{flowId}' not found" : $"flow '{flowId}' not found";
        Server.FailNext("POST", "/runs", 404, message);

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.CreateRunAsync(flowId, 1, cancellationToken: Timeout));

        Assert.Equal(message, error.ServerMessage);

        Assert.Empty(Server.Runs);
        Assert.NotNull(await Client.CreateRunAsync(flowId, 1, cancellationToken: Timeout));
    }

    [Fact]
    public void FailNext_checks_its_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.FailNext("GET", "/runs", 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.FailNext("GET", "/runs", 500, times: 0));
        Assert.Throws<ArgumentException>(() => Server.FailNext(" ", "/runs", 500));
    }
}

/// <summary>Against the 0.11 emulation.</summary>
public sealed class FaultTestsOn011() : FaultTests(StepflowServerEmulation.V0_11);

/// <summary>Against the 0.13 emulation.</summary>
public sealed class FaultTestsOn013() : FaultTests(StepflowServerEmulation.V0_13);

using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>
/// A fresh test server and client per test, and a token that ends every test within 30 s. The server emulates
/// 0.11 unless a test class asks for another generation, so these tests do not depend on the package's default.
/// </summary>
public abstract class ServerTest : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    protected ServerTest(StepflowServerEmulation emulation = StepflowServerEmulation.V0_11)
    {
        Server = new StepflowTestServer(emulation);
        Client = Server.CreateClient();
    }

    protected StepflowTestServer Server { get; }

    protected StepflowClient Client { get; }

    /// <summary>Cancelled after 30 s; every call takes it, so no test can hang.</summary>
    protected CancellationToken Timeout => _timeout.Token;

    /// <summary>A two-step flow named <paramref name="name"/>.</summary>
    protected static JsonObject Flow(string name = "greet") => new()
    {
        ["name"] = name,
        ["steps"] = new JsonArray(
            new JsonObject { ["id"] = "hello", ["component"] = "/python/echo", ["input"] = new JsonObject { ["msg"] = new JsonObject { ["$input"] = "name" } } },
            new JsonObject { ["id"] = "shout", ["component"] = "/python/upper", ["input"] = new JsonObject { ["$step"] = "hello" } }),
        ["output"] = new JsonObject { ["$step"] = "shout" },
    };

    /// <summary>Stores <see cref="Flow"/> through the client and returns its id.</summary>
    protected async Task<string> StoreAsync(string name = "greet")
    {
        var stored = await Client.StoreFlowAsync(FlowSource.FromJson(Flow(name)), cancellationToken: Timeout);
        Assert.True(stored.Stored);
        return stored.FlowId;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Server.Dispose();
            _timeout.Dispose();
        }
    }
}

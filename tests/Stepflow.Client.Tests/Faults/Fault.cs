using Stepflow.Client.Tests.Errors;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Faults;

/// <summary>
/// A way the server (or the network in front of it) can misbehave, as a WireMock answer in the shapes of the generation it
/// is given: what the Stepflow server itself says follows its generation (docs/server-api.md §3); what a proxy or the network
/// does is the same in front of either.
/// </summary>
public sealed record Fault(string Name, Func<StepflowApiGeneration, IResponseBuilder> Answer)
{
    /// <summary>Answers the first request to the endpoint with this fault and later ones with <paramref name="then"/>.</summary>
    public void ArrangeThen(FakeServer server, string method, string path, IResponseBuilder then)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (ReferenceEquals(this, SlowPastAttemptTimeout))
        {
            // Held in front of WireMock, so later attempts are answered at once (WireMock would only move a
            // scenario on after the slow answer finished).
            server.DelayNextArrival(TimeSpan.FromSeconds(3));
            server.Script(method, path, then);
            return;
        }

        server.Script(method, path, Answer(server.Generation), then);
    }

    /// <summary>The server's own failure: 0.11's ErrorResponse as text, 0.13's INTERNAL envelope as JSON.</summary>
    public static readonly Fault Status500 = new("500", generation => ServiceErrorAnswers.Answer(generation, 500,
        generation == StepflowApiGeneration.V011
            ? """{"code":500,"message":"state store error"}"""
            : V013Samples.Instance.Error(500, "failed to get run: database is locked")));
    public static readonly Fault Status502 = Text("502", 502, "Bad Gateway");
    public static readonly Fault Status503 = Text("503", 503, "Service Unavailable");
    public static readonly Fault Status504 = Text("504", 504, "Gateway Timeout");
    public static readonly Fault Throttled = Text("429 without Retry-After", 429, "Too Many Requests");
    public static readonly Fault ThrottledWithRetryAfter = new("429 Retry-After: 1",
        _ => Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("slow down"));
    public static readonly Fault HtmlErrorPage = new("HTML 502 page", _ => Response.Create().WithStatusCode(502)
        .WithHeader("Content-Type", "text/html").WithBody("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"));
    public static readonly Fault EmptyResponse = new("connection closed without a response",
        _ => Response.Create().WithFault(FaultType.EMPTY_RESPONSE));
    public static readonly Fault MalformedChunk = new("malformed chunk",
        generation => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody(OnWire(generation, """{"runId":"0195b3c2""", """{"summary":{"runId":"0195b3c2""")).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
    public static readonly Fault TruncatedJson = new("truncated JSON", generation => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody(OnWire(generation,
            """{"runId":"0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20","flowId":"3f1c","sta""",
            """{"summary":{"runId":"0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20","flowId":"3f1c","sta""")));
    public static readonly Fault SlowPastAttemptTimeout = new("slow past the attempt timeout", _ => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody("{}").WithDelay(TimeSpan.FromSeconds(3)));

    public override string ToString() => Name;

    private static string OnWire(StepflowApiGeneration generation, string v011, string v013) =>
        generation == StepflowApiGeneration.V011 ? v011 : v013;

    /// <summary>A plain-text answer, as a proxy (or the framework) sends it in front of either generation.</summary>
    private static Fault Text(string name, int status, string body) =>
        new(name, _ => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody(body));
}

using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Faults;

/// <summary>A way the server (or the network in front of it) can misbehave, as a WireMock answer.</summary>
public sealed record Fault(string Name, Func<IResponseBuilder> Answer)
{
    /// <summary>Answers the first request to the endpoint with this fault and later ones with <paramref name="then"/>.</summary>
    public void ArrangeThen(FakeServer server, string method, string path, IResponseBuilder then)
    {
        if (ReferenceEquals(this, SlowPastAttemptTimeout))
        {
            // Held in front of WireMock, so later attempts are answered at once (WireMock would only move a
            // scenario on after the slow answer finished).
            server.DelayNextArrival(TimeSpan.FromSeconds(3));
            server.Script(method, path, then);
            return;
        }

        server.Script(method, path, Answer(), then);
    }

    public static readonly Fault Status500 = Text("500", 500, """{"code":500,"message":"state store error"}""");
    public static readonly Fault Status502 = Text("502", 502, "Bad Gateway");
    public static readonly Fault Status503 = Text("503", 503, "Service Unavailable");
    public static readonly Fault Status504 = Text("504", 504, "Gateway Timeout");
    public static readonly Fault Throttled = Text("429 without Retry-After", 429, "Too Many Requests");
    public static readonly Fault ThrottledWithRetryAfter = new("429 Retry-After: 1",
        () => Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("slow down"));
    public static readonly Fault HtmlErrorPage = new("HTML 502 page", () => Response.Create().WithStatusCode(502)
        .WithHeader("Content-Type", "text/html").WithBody("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"));
    public static readonly Fault EmptyResponse = new("connection closed without a response",
        () => Response.Create().WithFault(FaultType.EMPTY_RESPONSE));
    public static readonly Fault MalformedChunk = new("malformed chunk",
        () => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody("""{"runId":"0195b3c2""").WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
    public static readonly Fault TruncatedJson = new("truncated JSON", () => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody("""{"runId":"0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20","flowId":"3f1c","sta"""));
    public static readonly Fault SlowPastAttemptTimeout = new("slow past the attempt timeout", () => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody("{}").WithDelay(TimeSpan.FromSeconds(3)));

    public override string ToString() => Name;

    private static Fault Text(string name, int status, string body) =>
        new(name, () => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody(body));
}

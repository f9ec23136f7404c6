using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol.V012;

internal sealed partial class V012Protocol
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptEvents = new("text/event-stream");

    /// <summary>
    /// <c>GET /runs/{id}/events?runId={id}</c>: the server reads the run id from the query only, and cannot take
    /// <c>eventTypes</c> at all (docs/server-api.md §10.4), so the client filters by type itself.
    /// </summary>
    public async Task<HttpResponseMessage> OpenEventStreamAsync(Guid runId, EventStreamOptions options, long? since, CancellationToken cancellationToken)
    {
        var id = runId.ToString("D");
        var query = new StringBuilder("runs/").Append(id).Append("/events?runId=").Append(id);
        if (since is { } from)
        {
            query.Append("&since=").Append(from.ToString(CultureInfo.InvariantCulture));
        }

        query.Append("&includeSubRuns=").Append(Bool(options.IncludeSubRuns));
        query.Append("&includeResults=").Append(Bool(options.IncludeResults));
        using var request = new HttpRequestMessage(HttpMethod.Get, Transport.Uri(query.ToString()));
        request.Headers.Accept.Add(AcceptEvents);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a <c>data</c> payload: <c>{sequenceNumber, timestamp, event: {"&lt;Variant&gt;": {…}}}</c>, the variant's
    /// name as the key (docs/server-api.md §10.2). A variant the SDK does not know becomes an <see cref="UnknownRunEvent"/>
    /// named in snake_case like the others.
    /// </summary>
    public RunEvent ParseEvent(string sseEventType, ReadOnlySpan<byte> data)
    {
        using var document = JsonDocument.Parse(data.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The event data is a JSON {root.ValueKind}, not an object.");
        }

        var sequence = root.TryGetProperty("sequenceNumber", out var seq) ? Int64(seq) : 0;
        var timestamp = root.TryGetProperty("timestamp", out var at) && at.ValueKind == JsonValueKind.String ? V012Mapper.Time(at.GetString()) : null;
        if (!root.TryGetProperty("event", out var tagged) || tagged.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The event data has no 'event' object.");
        }

        string? variant = null;
        JsonElement body = default;
        foreach (var property in tagged.EnumerateObject())
        {
            variant = property.Name;
            body = property.Value;
            break;
        }

        if (variant is null || body.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The event's 'event' object holds no variant.");
        }

        var runId = body.TryGetProperty("runId", out var run) && run.ValueKind == JsonValueKind.String && Guid.TryParse(run.GetString(), out var parsed)
            ? parsed
            : Guid.Empty;
        // A replay may write an unknown variant's members in another order (Struct values, docs/server-api.md §10.3):
        // it is recognised by its JSON with the keys sorted.
        var mapped = Map(variant, body) ?? new UnknownRunEvent(SnakeCase(variant), Encoding.UTF8.GetString(data)) { Identity = Canonical(root) };
        mapped.SetCommon(sequence, timestamp ?? default, runId);
        return mapped;
    }

    private static RunEvent? Map(string variant, JsonElement e) => variant switch
    {
        "RunCreated" => new RunCreatedEvent { FlowId = Text(e, "flowId") ?? string.Empty, ItemCount = Int32(e, "itemCount") },
        "StepsNeeded" => new StepsNeededEvent
        {
            ItemIndex = Int32(e, "itemIndex"),
            StepIds = e.TryGetProperty("stepIds", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? [.. ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)]
                : [],
        },
        "StepReady" => new StepReadyEvent { ItemIndex = Int32(e, "itemIndex"), StepIndex = Int32(e, "stepIndex"), StepId = Text(e, "stepId") },
        "StepStarted" => new StepStartedEvent
        {
            ItemIndex = Int32(e, "itemIndex"), StepIndex = Int32(e, "stepIndex"), StepId = Text(e, "stepId"), Attempt = Int32(e, "attempt"),
        },
        "StepCompleted" => StepCompleted(e),
        // Declared, never sent by 0.13; read in case a server does.
        "ItemCompleted" => new ItemCompletedEvent
        {
            ItemIndex = Int32(e, "itemIndex"),
            Outcome = e.TryGetProperty("result", out var result) ? ResultOutcome.Succeeded : ResultOutcome.Pending,
            Output = e.TryGetProperty("result", out var output) ? IntegralJson.ToNode(output, owned: false) : null,
        },
        "RunCompleted" => new RunCompletedEvent { Status = V012Values.RunStatusOf(Enum(e, "status")) },
        "SubRunCreated" => new SubRunCreatedEvent
        {
            ParentRunId = Guid.TryParse(Text(e, "parentRunId"), out var parent) ? parent : Guid.Empty,
            FlowId = Text(e, "flowId") ?? string.Empty,
            ItemCount = Int32(e, "itemCount"),
        },
        _ => null,
    };

    /// <summary>Status 2 is a success (its output only with <c>includeResults</c>), 3 a failure; 0.12/0.13 send no error detail here.</summary>
    private static StepCompletedEvent StepCompleted(JsonElement e)
    {
        var status = V012Values.StepStatusOf(Enum(e, "status"));
        var hasResult = e.TryGetProperty("result", out var result);
        return new StepCompletedEvent
        {
            ItemIndex = Int32(e, "itemIndex"),
            StepIndex = Int32(e, "stepIndex"),
            StepId = Text(e, "stepId"),
            Status = status,
            Outcome = status == StepStatus.Completed ? ResultOutcome.Succeeded : status == StepStatus.Failed ? ResultOutcome.Failed : ResultOutcome.Pending,
            Output = hasResult && status == StepStatus.Completed ? IntegralJson.ToNode(result, owned: false) : null,
        };
    }

    private static WireEnum Enum(JsonElement e, string name) => e.TryGetProperty(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => WireEnum.Of(number),
            JsonValueKind.String => new WireEnum(null, value.GetString()),
            _ => default,
        }
        : default;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int32(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? (int)Int64(value) : 0;

    /// <summary>A number, or a numeric string from a server that follows its document (docs/server-api.md §4.2).</summary>
    private static long Int64(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.Number when value.TryGetDouble(out var real) => (long)real,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new JsonException($"Expected a number, not {value.ValueKind}."),
    };

    /// <summary>The compact JSON of <paramref name="value"/> with every object's members sorted by name; arrays keep their order.</summary>
    private static string Canonical(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary><c>RunPaused</c> → <c>run_paused</c>, the spelling of <see cref="RunEventTypes"/>.</summary>
    private static string SnakeCase(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Length == 0 ? "unknown" : text.ToString();
    }
}

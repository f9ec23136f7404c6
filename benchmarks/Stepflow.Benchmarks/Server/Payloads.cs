using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepflow.Benchmarks.Server;

/// <summary>
/// Fixed response bodies shaped like the examples in docs/server-api.md §8 and §10, built once with
/// <see cref="Utf8JsonWriter"/> so the fake server only copies bytes.
/// </summary>
public static class Payloads
{
    /// <summary>The flow id every payload refers to (a SHA-256 hex string, like the server's).</summary>
    public const string FlowId = "3f1c9a0e5b7d2c4f6e8a1b3d5f7092c4e6a8b0d2f4e6c8a0b2d4f6e8a0c2e4f6";

    /// <summary>The run every fixed payload describes (a UUIDv7, like the server's).</summary>
    public static readonly Guid RunId = Guid.Parse("0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20");

    private static readonly DateTimeOffset CreatedAt = new(2026, 3, 20, 20, 15, 2, TimeSpan.Zero);
    private static readonly string[] StepIds = ["fetch", "summarize", "classify", "store"];

    /// <summary>E9: <c>GET /runs/R</c> of a finished one-item run with four steps (about 0.8 KB).</summary>
    public static byte[] RunDetails(Guid runId, bool completed) => Write(w =>
    {
        w.WriteStartObject();
        WriteSummaryFields(w, runId, completed ? "completed" : "running", total: 1, completed ? 1 : 0, completed ? 0 : 1,
            completedAt: completed ? CreatedAt.AddSeconds(3.9) : null, orchestratorId: "stepflow-host-1", finishedAtSeqno: completed ? 11 : null);
        w.WriteStartArray("itemDetails");
        w.WriteStartObject();
        w.WriteNumber("itemIndex", 0);
        w.WriteStartObject("input");
        w.WriteString("name", "Ada");
        w.WriteString("url", "https://example.org/articles/analytical-engine");
        w.WriteNumber("maxTokens", 512);
        w.WriteEndObject();
        w.WriteString("status", completed ? "completed" : "running");
        w.WriteStartArray("steps");
        foreach (var stepId in StepIds)
        {
            w.WriteStartObject();
            w.WriteString("stepId", stepId);
            w.WriteString("status", completed ? "completed" : "running");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (completed)
        {
            w.WriteString("completedAt", Timestamp(CreatedAt.AddSeconds(3.9)));
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>E7: the 202 answer to <c>POST /runs</c> without <c>wait</c> (about 0.3 KB).</summary>
    public static byte[] CreateRunAccepted() => Write(w =>
    {
        w.WriteStartObject();
        WriteSummaryFields(w, RunId, "running", total: 1, completed: 0, running: 1, completedAt: null, orchestratorId: null, finishedAtSeqno: null);
        w.WriteEndObject();
    });

    /// <summary>
    /// E11: <c>GET /runs/R/items</c> of a batch run with <paramref name="count"/> items, each with a structured
    /// result of about 2 KB (every 50th item failed), so 10,000 items make a body of about 20 MB.
    /// </summary>
    public static byte[] RunItems(int count) => Write(w =>
    {
        var text = new StringBuilder();
        w.WriteStartObject();
        w.WriteNumber("itemCount", count);
        w.WriteStartArray("items");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("itemIndex", i);
            var failed = i % 50 == 49;
            w.WriteString("status", failed ? "failed" : "completed");
            w.WriteStartObject("result");
            if (failed)
            {
                w.WriteString("outcome", "failed");
                w.WriteStartObject("error");
                w.WriteString("code", "COMPONENT_FAILED");
                w.WriteString("message", FailureMessage(i));
                w.WriteStartObject("data");
                w.WriteString("step_id", "summarize");
                w.WriteNumber("attempts", 3);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("outcome", "success");
                w.WritePropertyName("result");
                WriteArticleResult(w, i, text, wholeNumbersAsFloats: false);
            }

            w.WriteEndObject();
            w.WriteString("completedAt", Timestamp(CreatedAt.AddMilliseconds(40.5 * i)));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// E14: <c>GET /runs/R/events</c> of a batch run, framed exactly as the server frames it
    /// (<c>id:</c>, <c>event:</c>, one-line <c>data:</c>, blank line), <paramref name="count"/> events in all,
    /// the last one the run's own <c>run_completed</c>.
    /// </summary>
    public static byte[] EventStream(Guid runId, int count)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Needs room for run_created and run_completed.");
        }

        using var output = new MemoryStream();
        var sequence = 0L;
        void Event(string type, Action<Utf8JsonWriter> fields)
        {
            var data = Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("sequenceNumber", sequence);
                w.WriteString("timestamp", Timestamp(CreatedAt.AddMilliseconds(3.5 * sequence)));
                w.WriteString("event", type);
                w.WriteString("runId", runId);
                fields(w);
                w.WriteEndObject();
            });
            output.Write(Encoding.UTF8.GetBytes($"id: {sequence}\nevent: {type}\ndata: "));
            output.Write(data);
            output.Write("\n\n"u8);
            sequence++;
        }

        var items = (count - 2 + 5) / 6;
        Event("run_created", w =>
        {
            w.WriteString("flowId", FlowId);
            w.WriteNumber("itemCount", items);
        });
        var left = count - 2;
        for (var item = 0; left > 0; item++)
        {
            // One item: its steps are needed, the first is ready, runs, completes; then the item completes.
            var itemIndex = item;
            var stepIndex = item % StepIds.Length;
            var stepId = StepIds[stepIndex];
            Action<Utf8JsonWriter>[] perItem =
            [
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteStartArray("stepIds"); foreach (var s in StepIds) { w.WriteStringValue(s); } w.WriteEndArray(); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); w.WriteNumber("attempt", 1); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); w.WriteString("status", "completed"); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", (stepIndex + 1) % StepIds.Length); w.WriteString("stepId", StepIds[(stepIndex + 1) % StepIds.Length]); },
                w => w.WriteNumber("itemIndex", itemIndex),
            ];
            string[] types = ["steps_needed", "step_ready", "step_started", "step_completed", "step_ready", "item_completed"];
            for (var k = 0; k < perItem.Length && left > 0; k++, left--)
            {
                Event(types[k], perItem[k]);
            }
        }

        Event("run_completed", w => w.WriteString("status", "completed"));
        return output.ToArray();
    }

    /// <summary>The error message of a failed item in the 10,000-item payloads.</summary>
    internal static string FailureMessage(int item) =>
        $"step 'summarize' failed for item {item}: upstream model returned HTTP 529 (overloaded) after 3 attempts";

    /// <summary>
    /// The ~2 KB structured result of item <paramref name="i"/>; a 0.13 server writes every number as a double
    /// (<paramref name="wholeNumbersAsFloats"/>: <c>900.0</c>), which the SDK turns back into integers.
    /// </summary>
    internal static void WriteArticleResult(Utf8JsonWriter w, int i, StringBuilder text, bool wholeNumbersAsFloats)
    {
        void Whole(string name, int value)
        {
            w.WritePropertyName(name);
            if (wholeNumbersAsFloats)
            {
                w.WriteRawValue(value.ToString(CultureInfo.InvariantCulture) + ".0");
            }
            else
            {
                w.WriteNumberValue(value);
            }
        }

        w.WriteStartObject();
        w.WriteString("title", $"Article {i}: notes on the analytical engine and its programs");
        w.WriteString("url", $"https://example.org/articles/{i:D6}");
        text.Clear();
        for (var sentence = 0; text.Length < 1250; sentence++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sentence {sentence} of item {i} summarises what the source said about the engine, the cards and the mill. ");
        }

        w.WriteString("summary", text.ToString());
        w.WriteStartArray("labels");
        foreach (var label in new[] { "history", "computing", "engineering", i % 3 == 0 ? "mathematics" : "biography" })
        {
            w.WriteStringValue(label);
        }

        w.WriteEndArray();
        w.WriteNumber("score", 0.5 + ((i % 97) / 200.0));
        w.WriteStartObject("usage");
        Whole("promptTokens", 900 + (i % 300));
        Whole("completionTokens", 250 + (i % 120));
        w.WriteString("model", "summarizer-large-2026-01");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSummaryFields(Utf8JsonWriter w, Guid runId, string status, int total, int completed, int running,
        DateTimeOffset? completedAt, string? orchestratorId, long? finishedAtSeqno)
    {
        w.WriteString("runId", runId);
        w.WriteString("flowId", FlowId);
        w.WriteString("flowName", "summarize-articles");
        w.WriteString("status", status);
        w.WriteStartObject("items");
        w.WriteNumber("total", total);
        w.WriteNumber("completed", completed);
        w.WriteNumber("running", running);
        w.WriteNumber("failed", 0);
        w.WriteNumber("cancelled", 0);
        w.WriteEndObject();
        w.WriteString("createdAt", Timestamp(CreatedAt));
        if (completedAt is { } done)
        {
            w.WriteString("completedAt", Timestamp(done));
        }
        else
        {
            w.WriteNull("completedAt");
        }

        w.WriteString("rootRunId", runId);
        if (orchestratorId is not null)
        {
            w.WriteString("orchestratorId", orchestratorId);
        }

        w.WriteNumber("createdAtSeqno", 0);
        if (finishedAtSeqno is { } finished)
        {
            w.WriteNumber("finishedAtSeqno", finished);
        }
    }

    /// <summary>RFC 3339 with six fractional digits and <c>Z</c>, as chrono writes it.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

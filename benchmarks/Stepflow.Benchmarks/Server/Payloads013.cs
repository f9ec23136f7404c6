using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepflow.Benchmarks.Server;

/// <summary>
/// The same run and event stream as <see cref="Payloads"/>, in the 0.12/0.13 wire shapes (docs/server-api.md §4, §8.2,
/// §10): a nested <c>summary</c>, integer enums, a <c>steps</c> array of rows with outputs (Struct numbers as floats),
/// <c>data:</c>-only frames with externally tagged payloads and no <c>item_completed</c>.
/// </summary>
public static class Payloads013
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 3, 20, 20, 15, 2, TimeSpan.Zero);
    private static readonly string[] StepIds = ["fetch", "summarize", "classify", "store"];

    /// <summary><c>GET /runs/R</c> of a finished one-item run with four step rows (about 1 KB).</summary>
    public static byte[] RunDetails(Guid runId) => RunDetails(runId, completed: true);

    /// <summary><c>GET /runs/R</c> of a one-item run, finished (four step rows) or still running (none yet).</summary>
    public static byte[] RunDetails(Guid runId, bool completed) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("summary");
        w.WriteString("runId", runId);
        w.WriteString("flowId", Payloads.FlowId);
        w.WriteString("flowName", "summarize-articles");
        w.WriteNumber("status", completed ? 2 : 1);
        w.WriteStartObject("items");
        w.WriteNumber("total", 1);
        w.WriteNumber("completed", completed ? 1 : 0);
        w.WriteNumber("running", completed ? 0 : 1);
        w.WriteNumber("failed", 0);
        w.WriteNumber("cancelled", 0);
        w.WriteEndObject();
        w.WriteString("createdAt", Timestamp(CreatedAt));
        if (completed)
        {
            w.WriteString("completedAt", Timestamp(CreatedAt.AddSeconds(3.9)));
        }

        w.WriteString("rootRunId", runId);
        w.WriteString("orchestratorId", "stepflow-host-1");
        w.WriteNumber("createdAtSeqno", 0);
        if (completed)
        {
            w.WriteNumber("finishedAtSeqno", 11);
        }

        w.WriteEndObject();
        w.WriteStartArray("steps");
        for (var i = 0; i < (completed ? StepIds.Length : 0); i++)
        {
            w.WriteStartObject();
            w.WriteString("stepId", StepIds[i]);
            w.WriteNumber("stepIndex", i);
            w.WriteNumber("itemIndex", 0);
            w.WriteNumber("status", 2);
            w.WriteString("component", "/builtin/eval");
            w.WriteStartObject("output");
            w.WriteString("text", "The Analytical Engine weaves algebraic patterns.");
            w.WritePropertyName("maxTokens");
            w.WriteRawValue("512.0");
            w.WriteEndObject();
            w.WriteNumber("journalSeqno", 3 + (2 * i));
            w.WriteString("updatedAt", Timestamp(CreatedAt.AddSeconds(i + 0.5)));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>POST /runs</c> without <c>wait</c>: the summary of a run just started, no results (docs/server-api.md §8.1).</summary>
    public static byte[] CreateRunAnswer() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("summary");
        w.WriteString("runId", Payloads.RunId);
        w.WriteString("flowId", Payloads.FlowId);
        w.WriteString("flowName", "summarize-articles");
        w.WriteNumber("status", 1);
        w.WriteStartObject("items");
        w.WriteNumber("total", 1);
        w.WriteNumber("completed", 0);
        w.WriteNumber("running", 1);
        w.WriteNumber("failed", 0);
        w.WriteNumber("cancelled", 0);
        w.WriteEndObject();
        w.WriteString("createdAt", Timestamp(CreatedAt));
        w.WriteString("rootRunId", Payloads.RunId);
        w.WriteNumber("createdAtSeqno", 0);
        w.WriteEndObject();
        w.WriteStartArray("results");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>GET /runs/R/items</c> as 0.13 answers it: <c>results</c> with integer statuses, outputs whose whole numbers are
    /// doubles, failures as <c>errorMessage</c>/<c>errorCode</c>; the same items as the 0.11 payload (about 20 MB for 10,000).
    /// </summary>
    public static byte[] RunItems(int count) => Write(w =>
    {
        var text = new System.Text.StringBuilder();
        w.WriteStartObject();
        w.WriteStartArray("results");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("itemIndex", i);
            var failed = i % 50 == 49;
            w.WriteNumber("status", failed ? 3 : 2);
            if (failed)
            {
                w.WriteString("errorMessage", Payloads.FailureMessage(i));
                w.WriteNumber("errorCode", 5);
            }
            else
            {
                w.WritePropertyName("output");
                Payloads.WriteArticleResult(w, i, text, wholeNumbersAsFloats: true);
            }

            w.WriteString("completedAt", Timestamp(CreatedAt.AddMilliseconds(40.5 * i)));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A 0.13 event stream of <paramref name="count"/> frames, the last the run's own <c>RunCompleted</c>.</summary>
    public static byte[] EventStream(Guid runId, int count)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Needs room for RunCreated and RunCompleted.");
        }

        using var output = new MemoryStream();
        var sequence = 0L;
        void Event(string variant, Action<Utf8JsonWriter> fields)
        {
            var data = Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("sequenceNumber", sequence);
                w.WriteString("timestamp", Timestamp(CreatedAt.AddMilliseconds(3.5 * sequence)));
                w.WriteStartObject("event");
                w.WriteStartObject(variant);
                w.WriteString("runId", runId);
                fields(w);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });
            output.Write("data: "u8);
            output.Write(data);
            output.Write("\n\n"u8);
            sequence++;
        }

        var items = (count - 2 + 4) / 5;
        Event("RunCreated", w =>
        {
            w.WriteString("flowId", Payloads.FlowId);
            w.WriteNumber("itemCount", items);
        });
        var left = count - 2;
        for (var item = 0; left > 0; item++)
        {
            var itemIndex = item;
            var stepIndex = item % StepIds.Length;
            var stepId = StepIds[stepIndex];
            Action<Utf8JsonWriter>[] perItem =
            [
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteStartArray("stepIds"); foreach (var s in StepIds) { w.WriteStringValue(s); } w.WriteEndArray(); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); w.WriteNumber("attempt", 1); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", stepIndex); w.WriteString("stepId", stepId); w.WriteNumber("status", 2); },
                w => { w.WriteNumber("itemIndex", itemIndex); w.WriteNumber("stepIndex", (stepIndex + 1) % StepIds.Length); w.WriteString("stepId", StepIds[(stepIndex + 1) % StepIds.Length]); },
            ];
            string[] variants = ["StepsNeeded", "StepReady", "StepStarted", "StepCompleted", "StepReady"];
            for (var k = 0; k < perItem.Length && left > 0; k++, left--)
            {
                Event(variants[k], perItem[k]);
            }
        }

        Event("RunCompleted", w => w.WriteNumber("status", 2));
        return output.ToArray();
    }

    /// <summary>RFC 3339 with nine fractional digits and <c>Z</c>, as the 0.13 server writes its timestamps.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

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

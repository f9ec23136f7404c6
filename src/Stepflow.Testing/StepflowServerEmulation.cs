using System.Diagnostics.CodeAnalysis;

namespace Stepflow.Testing;

/// <summary>
/// Which Stepflow server generation a <see cref="StepflowTestServer"/> answers like. The behaviour is the same for
/// all (flows, runs, blobs, events, faults); what differs is the wire: paths are shared, but request parsing, JSON
/// shapes, enum encoding, error bodies and event framing follow the chosen server (<c>docs/server-api.md</c>).
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Server versions read as versions: V0_11 is 0.11.")]
public enum StepflowServerEmulation
{
    /// <summary>
    /// The 0.11 line (0.11.0, 0.11.1 and the development builds after them, reporting <c>0.11.1</c>): camelCase JSON
    /// with string enums, flattened run summaries, errors as <c>ErrorResponse</c> JSON sent as <c>text/plain</c>,
    /// 202 on run creation, SSE frames with <c>id:</c> and <c>event:</c> lines.
    /// </summary>
    V0_11,

    /// <summary>
    /// 0.12.0: the protobuf-generated REST surface. Like <see cref="V0_13"/> except that component entries carry
    /// <c>component</c> instead of <c>componentId</c>, <c>path</c> and <c>plugin</c>, and health reports
    /// <c>stepflow-0.12.0</c>.
    /// </summary>
    V0_12,

    /// <summary>
    /// 0.13.0, the current release: nested <c>summary</c> objects, integer enums, floats in free-form values
    /// (<c>7.0</c>), the JSON error envelope <c>{"error": {code, message, status}}</c> with 412 for failed
    /// preconditions, empty-bodied blob errors, <c>data:</c>-only SSE frames with keep-alive comments and the run id
    /// in the <c>runId</c> query parameter, and a health answer with a <c>build</c> object instead of <c>version</c>.
    /// </summary>
    V0_13,
}

using System.Text.Json.Nodes;
using Stepflow.Client;
using Stepflow.Testing.Internal;

namespace Stepflow.Testing;

public sealed partial class StepflowTestServer
{
    private readonly Dictionary<string, FlowSetup> _flowSetups = new(StringComparer.Ordinal);
    private volatile Func<string, JsonNode?, ItemOutcome?>? _result;
    private long _itemDelayTicks = TimeSpan.FromMilliseconds(100).Ticks;

    /// <summary>How long each item of a run takes before it gets its result, unless its flow's setup says otherwise. Default 100 ms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan ItemDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _itemDelayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _itemDelayTicks, value.Ticks);
        }
    }

    /// <summary>
    /// Sets the result of every item whose flow has no <see cref="WhenFlow"/> setup: called with the flow id and a
    /// copy of the item's input when the item's delay is over. Return <see cref="ItemOutcome.Success"/> or
    /// <see cref="ItemOutcome.Failure(TaskErrorCode, string, JsonNode?)"/>, or <see langword="null"/> for an item that never finishes. An exception
    /// becomes a failed item (<c>ORCHESTRATOR_ERROR</c>) whose message names it. Pass null to go back to echoing the input.
    /// </summary>
    public void SetResult(Func<string, JsonNode?, ItemOutcome?>? result) => _result = result;

    /// <summary>
    /// The setup for runs of one flow, by flow id or by flow <c>name</c> (an id match wins). Repeated calls with
    /// the same key return the same setup. Takes precedence over <see cref="SetResult"/>.
    /// </summary>
    /// <example><code>server.WhenFlow("greet").Returns(new { message = "hi" }).WithDelay(TimeSpan.FromSeconds(1));</code></example>
    public FlowSetup WhenFlow(string flowNameOrId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowNameOrId);
        lock (_flowSetups)
        {
            if (!_flowSetups.TryGetValue(flowNameOrId, out var setup))
            {
                setup = new FlowSetup(flowNameOrId);
                _flowSetups[flowNameOrId] = setup;
            }

            return setup;
        }
    }

    /// <summary>
    /// Called with a copy of every flow stored (or dry-run validated); the diagnostics it returns go back in the
    /// answer, and a <see cref="DiagnosticLevel.Fatal"/> one keeps the flow from being stored, as on the server.
    /// A flow stored as a blob of type <c>flow</c> (<c>POST /blobs</c>) is not validated then but when it is run: a
    /// fatal diagnostic fails <c>POST /runs</c> with 400 <c>error analyzing workflow</c> and leaves a failed run behind.
    /// Null (the default) finds no problems. Build diagnostics with <see cref="StepflowModelFactory.Diagnostic"/>.
    /// </summary>
    public Func<JsonObject, IEnumerable<Diagnostic>>? FlowValidator
    {
        get => _settings.FlowValidator;
        set => _settings.FlowValidator = value;
    }

    /// <summary>
    /// Replaces what <c>GET /components</c> lists (by default a few <c>/builtin/</c> components). Plugins listed in
    /// <paramref name="failedPlugins"/> are reported as failed discoveries, which makes the answer incomplete. A
    /// component's <see cref="ComponentInfo.Plugin"/> is reported by the 0.13 emulation only (the path's first segment
    /// when it is null); its path is listed as given, as <c>componentId</c> and <c>path</c>.
    /// </summary>
    public void SetComponents(IEnumerable<ComponentInfo> components, IEnumerable<PluginFailure>? failedPlugins = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        _settings.Components = [.. components];
        _settings.FailedPlugins = [.. failedPlugins ?? []];
    }

    /// <summary>
    /// Stores a flow directly, without a request, and returns its id: the same id <c>StoreFlowAsync</c> would get
    /// for the same document. The <see cref="FlowValidator"/> applies.
    /// </summary>
    /// <exception cref="InvalidOperationException">The validator reported a fatal problem, so the flow was not stored.</exception>
    public string AddFlow(JsonObject flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (flowId, _, stored) = _core.StoreFlow(flow, dryRun: false);
        return stored ? flowId : throw new InvalidOperationException("The flow validator reported a fatal problem; the flow was not stored.");
    }

    /// <summary>
    /// How long an event stream stays silent before the server writes a <c>: keep-alive</c> comment. Only the 0.12/0.13
    /// emulations send them (0.11 has none); default 15 seconds, as on the server. Shorten it to test a client's
    /// handling of keep-alives without waiting; applies to streams opened afterwards.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan EventKeepAliveInterval
    {
        get => _settings.KeepAliveInterval;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _settings.KeepAliveInterval = value;
        }
    }

    /// <summary>What an item of <paramref name="flow"/> does: its flow's setup, else the test's result function, else an echo.</summary>
    private ItemPlan PlanFor(FlowInfo flow)
    {
        FlowSetup? setup;
        lock (_flowSetups)
        {
            setup = _flowSetups.GetValueOrDefault(flow.FlowId) ?? (flow.Name is { } name ? _flowSetups.GetValueOrDefault(name) : null);
        }

        var (respond, delay) = setup?.Snapshot() ?? default;
        if (respond is null && _result is { } result)
        {
            respond = input => result(flow.FlowId, input);
        }

        return new ItemPlan(delay ?? ItemDelay, respond ?? (input => ItemOutcome.Success(input)));
    }
}

using System.Diagnostics;

namespace Stepflow.Client;

/// <summary>What a call is, for error messages, logs and telemetry: its name and the run or flow it concerns.</summary>
internal readonly record struct Operation(string Name, Guid? RunId = null, string? FlowId = null)
{
    public static implicit operator Operation(string name) => new(name);

    /// <summary>Starts the operation's span (null when nobody listens).</summary>
    public Activity? StartActivity()
    {
        // Without a listener there is no span: do not build its name on every call.
        if (!StepflowTelemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = StepflowTelemetry.Source.StartActivity($"Stepflow {Name}", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("stepflow.operation", Name);
            if (RunId is { } runId)
            {
                activity.SetTag("stepflow.run_id", runId.ToString());
            }

            if (FlowId is not null)
            {
                activity.SetTag("stepflow.flow_id", FlowId);
            }
        }

        return activity;
    }

    /// <summary>Adds what the answer says about the run (its id and status), when it is a run.</summary>
    public static void TagResult(Activity? activity, object? result)
    {
        if (activity is null)
        {
            return;
        }

        var run = result switch
        {
            RunSummary summary => summary,
            Protocol.CreatedRun created => created.Summary,
            _ => null,
        };
        if (run is not null)
        {
            activity.SetTag("stepflow.run_id", run.RunId.ToString());
            activity.SetTag("stepflow.run.status", run.Status.ToString());
        }
    }
}

using System.Diagnostics;

namespace Stepflow.Client;

public partial class StepflowClient
{
    private static readonly TimeSpan MinimumPollGap = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaximumPollGap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until a run finishes and returns its details, using the server's long-poll: a run that takes
    /// 30 seconds costs one request (one per <see cref="StepflowClientOptions.LongPollWindow"/> for longer runs).
    /// </summary>
    /// <param name="runId">The run to wait for.</param>
    /// <param name="timeout">How long to wait in all; default <see cref="StepflowClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting at once (the run goes on on the server).</param>
    /// <returns>The run in a terminal status: completed, failed, cancelled or recovery failed.</returns>
    /// <exception cref="StepflowRunTimeoutException">The run was still going when <paramref name="timeout"/> passed.</exception>
    /// <exception cref="StepflowNotFoundException">No run has this id.</exception>
    public virtual async Task<RunDetails> WaitForCompletionAsync(Guid runId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        var limit = timeout ?? _options.DefaultWaitTimeout;
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Must be positive or infinite.");
        }

        using var activity = new Operation("WaitForCompletion", runId).StartActivity();
        var clock = Stopwatch.StartNew();
        var outcome = "timeout";
        try
        {
            var run = await WaitLoopAsync(runId, limit, clock, cancellationToken).ConfigureAwait(false);
            outcome = run.Status.ToString();
            Operation.TagResult(activity, run);
            return run;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex)
        {
            outcome = ex is StepflowRunTimeoutException ? "timeout" : ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", ex.GetType().Name);
            throw;
        }
        finally
        {
            StepflowTelemetry.WaitDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<RunDetails> WaitLoopAsync(Guid runId, TimeSpan limit, Stopwatch clock, CancellationToken cancellationToken)
    {
        RunStatus lastStatus = default;
        var quickReturns = 0;
        while (true)
        {
            var remaining = limit == Timeout.InfiniteTimeSpan ? _options.LongPollWindow : limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new StepflowRunTimeoutException(runId, lastStatus, clock.Elapsed);
            }

            var window = remaining < _options.LongPollWindow ? remaining : _options.LongPollWindow;
            var started = clock.Elapsed;
            var run = await LongPollRunAsync(runId, window, cancellationToken).ConfigureAwait(false);
            if (run.Status.IsTerminal)
            {
                return run;
            }

            lastStatus = run.Status;

            // The server holds a long poll until the run ends; an early answer for a live run (a status this
            // SDK does not know, a proxy that ignores the wait, a cancel that flips back) must not turn into a tight request loop.
            if (clock.Elapsed - started < window / 2)
            {
                var gap = TimeSpan.FromTicks(Math.Min(MaximumPollGap.Ticks, MinimumPollGap.Ticks << Math.Min(quickReturns++, 5)));
                await Task.Delay(gap, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                quickReturns = 0;
            }
        }
    }
}

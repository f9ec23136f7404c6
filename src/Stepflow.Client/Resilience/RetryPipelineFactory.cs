using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Stepflow.Client;

/// <summary>Builds the Polly pipeline that repeats safe requests after transient failures.</summary>
internal static class RetryPipelineFactory
{
    /// <summary>Per-call facts the pipeline's decisions depend on.</summary>
    public static readonly ResiliencePropertyKey<RetrySafety> Safety = new("stepflow.retry-safety");

    public static readonly ResiliencePropertyKey<string> Operation = new("stepflow.operation");

    public static ResiliencePipeline Create(StepflowRetryOptions options, ILogger logger)
    {
        if (!options.Enabled || options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                UseJitter = options.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure &&
                    FailureClassifier.ShouldRetry(failure, args.Context.Properties.GetValue(Safety, RetrySafety.Safe), options.MaxRetryAfter)),
                // A server-requested wait replaces the computed backoff (already checked against MaxRetryAfter).
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure ? FailureClassifier.RetryAfter(failure) : null),
                OnRetry = args =>
                {
                    var operation = args.Context.Properties.GetValue(Operation, "request");
                    StepflowTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("stepflow.operation", operation));
                    ClientLog.Retrying(logger, operation,
                        args.Outcome.Exception is { } failure ? ClientLog.Describe(failure) : "no result",
                        args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}

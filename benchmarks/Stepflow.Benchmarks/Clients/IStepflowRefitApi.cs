using Refit;
using Stepflow.Api;

namespace Stepflow.Benchmarks.Clients;

/// <summary>The same two endpoints as a Refit interface, for comparison with the generated and hand-written clients.</summary>
public interface IStepflowRefitApi
{
    /// <summary><c>GET /runs/{runId}</c>.</summary>
    [Get("/api/v1/runs/{runId}")]
    Task<RunDetails> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /runs</c>.</summary>
    [Post("/api/v1/runs")]
    Task<CreateRunResponse> CreateRunAsync([Body] CreateRunRequest body, CancellationToken cancellationToken = default);
}

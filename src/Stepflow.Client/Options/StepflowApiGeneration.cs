namespace Stepflow.Client;

/// <summary>
/// Which of the two REST APIs a Stepflow server serves at <c>/api/v1</c> (<c>docs/server-api.md §1</c>). User code is
/// the same for both; the client detects the generation or uses the one pinned in
/// <see cref="StepflowClientOptions.ApiGeneration"/>.
/// </summary>
public enum StepflowApiGeneration
{
    /// <summary>Detect it from the server's health answer, once, the first time a call needs it (the default).</summary>
    Automatic = 0,

    /// <summary>The 0.11 line: the axum server with its own OpenAPI document (0.11.0, 0.11.1 and later 0.11 builds).</summary>
    V011 = 1,

    /// <summary>The protobuf-based API that 0.12 introduced and 0.13 (the current release) serves.</summary>
    V012 = 2,
}

namespace Stepflow.LocalServer;

/// <summary>What a <see cref="StepflowLocalServer"/> does when its process exits without being asked to.</summary>
public enum StepflowRestartPolicy
{
    /// <summary>Nothing: the server stays down and every call fails with <see cref="StepflowServerExitedException"/> (the default).</summary>
    Never = 0,

    /// <summary>
    /// Start it again, on the same port, when it exited with a non-zero code, up to
    /// <see cref="StepflowLocalServerOptions.MaxRestarts"/> times in the server's life. An exit with code 0 is not a failure.
    /// </summary>
    OnFailure = 1,
}

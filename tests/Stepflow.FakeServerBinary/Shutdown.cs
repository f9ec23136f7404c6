using System.Runtime.InteropServices;

namespace Stepflow.FakeServerBinary;

/// <summary>
/// SIGTERM and SIGINT, handled instead of the runtime's default (which would end the process at once):
/// <see cref="Requested"/> completes on the first of them, except that SIGTERM is only logged when it is to be ignored.
/// </summary>
internal sealed class Shutdown : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;

    public Shutdown(Log log, string target, bool ignoreSigterm)
    {
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            if (ignoreSigterm)
            {
                log.Warn(target, "ignoring SIGTERM");
            }
            else
            {
                _requested.TrySetResult();
            }
        });
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            _requested.TrySetResult();
        });
    }

    /// <summary>Completes when the process has been asked to stop.</summary>
    public Task Requested => _requested.Task;

    public void Dispose()
    {
        _sigterm.Dispose();
        _sigint.Dispose();
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Stepflow.LocalServer;

/// <summary>
/// Starts the local server with the application and stops it on shutdown. A stop while the start is still under way
/// (the host shutting down early) cancels the start, which kills the process.
/// </summary>
internal sealed class StepflowLocalServerHostedService(IOptions<StepflowLocalServerOptions> options) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Task<StepflowLocalServer>? _start;
    private StepflowLocalServer? _server;

    /// <summary>The running server; throws while the application has not started it.</summary>
    public StepflowLocalServer Server => Volatile.Read(ref _server) ?? throw new InvalidOperationException(
        "The local Stepflow server has not started yet: it starts with the application's hosted services. Resolve the client " +
        "(or the server) after the host has started, or register AddStepflowLocalServer before hosted services that use it.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Task<StepflowLocalServer> start;
        lock (_gate)
        {
            if (_start is not null)
            {
                throw new InvalidOperationException("The local Stepflow server was already started.");
            }

            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            _start = start = StartCoreAsync(linked);
        }

        await start.ConfigureAwait(false);
    }

    private async Task<StepflowLocalServer> StartCoreAsync(CancellationTokenSource linked)
    {
        using (linked)
        {
            var server = await StepflowLocalServer.StartAsync(options.Value, linked.Token).ConfigureAwait(false);
            Volatile.Write(ref _server, server);
            return server;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task<StepflowLocalServer>? start;
        lock (_gate)
        {
            start = _start;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (start is null)
        {
            return;
        }

        try
        {
            await start.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or StepflowLocalServerException)
        {
            // It never ran; the failed start has already cleaned up after itself.
            return;
        }

        await start.Result.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (Volatile.Read(ref _server) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }
}

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
    private int _disposed;

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

    /// <summary>
    /// Stops and disposes the server. The container may call it twice (the service is registered both as itself and as a
    /// hosted service); the second call does nothing. <see cref="_stopping"/> has no timer, so it is not disposed: a late
    /// <see cref="StopAsync"/> must still be able to cancel it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (Volatile.Read(ref _server) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

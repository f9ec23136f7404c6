using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Refit;
using Stepflow.Api;
using Stepflow.Api.Serialization;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Infrastructure;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// The clients' own cost per <c>GET /runs/{id}</c>, without a server: every variant's HttpClient answers
/// from memory with the same E9 body and the headers Kestrel sends. The answer completes asynchronously
/// (after a <see cref="Task.Yield"/>), as a network answer does, so async state machines are boxed as they
/// are for real. Against a server these differences add to a round trip of some 50–100 µs on this machine.
/// </summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private HttpClient _http = null!;
    private StepflowClient _client = null!;
    private RunClient _generated = null!;
    private IStepflowRefitApi _refit = null!;
    private RawStepflow _raw = null!;

    /// <summary>Builds the clients over the in-memory handler; warms every variant up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var root = new Uri("http://127.0.0.1:7840/");
        _http = new HttpClient(new CannedHandler(Payloads.RunDetails(Payloads.RunId, completed: true)))
        {
            BaseAddress = root,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // Pinned: the in-memory handler answers every request with a run, so detection has nothing to ask.
        _client = new StepflowClient(_http, root, new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V011 });
        _generated = new RunClient(_http) { BaseUrl = new Uri(root, "api/v1/").AbsoluteUri };
        _refit = RestService.For<IStepflowRefitApi>(_http, new RefitSettings(new SystemTextJsonContentSerializer(StepflowJson.Options)));
        _raw = new RawStepflow(_http, root);
        await WarmUp.OnceAsync(typeof(ClientOverheadBenchmarks), TimeSpan.FromSeconds(3), Raw_HttpClient, StepflowClient, Generated_RunClient, Refit_Interface)
            .ConfigureAwait(false);
    }

    /// <summary>Releases the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _http.Dispose();
    }

    /// <summary>Raw HttpClient + source-generated System.Text.Json.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw011RunDetails> Raw_HttpClient() => _raw.GetRunAsync(Payloads.RunId);

    /// <summary>StepflowClient.GetRunAsync.</summary>
    [Benchmark]
    public Task<Stepflow.Client.RunDetails> StepflowClient() => _client.GetRunAsync(Payloads.RunId);

    /// <summary>The generated RunClient alone.</summary>
    [Benchmark]
    public Task<Api.RunDetails> Generated_RunClient() => _generated.GetRunAsync(Payloads.RunId);

    /// <summary>Refit.</summary>
    [Benchmark]
    public Task<Api.RunDetails> Refit_Interface() => _refit.GetRunAsync(Payloads.RunId);

    /// <summary>Answers every request with the same JSON body, after yielding the thread like a network read.</summary>
    private sealed class CannedHandler(byte[] body) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Headers.Date = DateTimeOffset.UnixEpoch;
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response.Content.Headers.ContentLength = body.Length;
            return response;
        }
    }
}

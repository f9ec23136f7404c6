using System.Text.Json.Serialization.Metadata;
using Stepflow.Api.Serialization;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

/// <summary>
/// The 0.11 server line's REST API (<c>docs/server-api.md</c>): the generated Stepflow.Api clients where they fit,
/// raw requests where the generated shapes would change what travels (flow documents, bytes, event streams),
/// and every answer mapped into the SDK's model. The operations are split over the partial files by area.
/// </summary>
internal sealed partial class V011Protocol : HttpProtocol, IStepflowProtocol
{
    private readonly Wire.HealthClient _health;
    private readonly Wire.ComponentClient _components;
    private readonly Wire.FlowClient _flows;
    private readonly Wire.RunClient _runs;
    private readonly Wire.BlobClient _blobs;

    public V011Protocol(HttpTransport transport)
        : base(transport)
    {
        _health = new Wire.HealthClient(transport.Http) { BaseUrl = transport.ApiBaseText, RequestCustomizer = transport.Prepare };
        _components = new Wire.ComponentClient(transport.Http) { BaseUrl = transport.ApiBaseText, RequestCustomizer = transport.Prepare };
        _flows = new Wire.FlowClient(transport.Http) { BaseUrl = transport.ApiBaseText, RequestCustomizer = transport.Prepare };
        _runs = new Wire.RunClient(transport.Http) { BaseUrl = transport.ApiBaseText, RequestCustomizer = transport.Prepare };
        _blobs = new Wire.BlobClient(transport.Http) { BaseUrl = transport.ApiBaseText, RequestCustomizer = transport.Prepare };
    }

    public HttpProtocol Http => this;

    /// <summary>0.11 servers that have the events endpoint filter by the comma-separated <c>eventTypes</c> query parameter (<c>docs/server-api.md §10.4</c>).</summary>
    public bool FiltersEventTypes => true;

    /// <inheritdoc />
    public override ServerAnswerException Classify(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers,
        Exception? cause = null) => V011Errors.Classify(status, body, headers, cause);

    /// <summary>The generated client's exceptions, classified by the 0.11 rules; anything else passes unchanged.</summary>
    public Exception TranslateFailure(Exception failure) => failure switch
    {
        Wire.StepflowEndpointNotSupportedException unsupported => new ServerAnswerException(AnswerKind.EndpointUnavailable,
            new ServerError(unsupported.StatusCode, "UNIMPLEMENTED", $"the server has no route {unsupported.RequestUri}"), unsupported),
        Wire.StepflowApiException api => Classify(api.StatusCode, api.Response, api.Headers,
            api.StatusCode is >= 200 and < 300 ? api.InnerException ?? api : null),
        _ => failure,
    };

    /// <summary>The serializer metadata the generated models are read with.</summary>
    private static JsonTypeInfo<T> Json<T>() => (JsonTypeInfo<T>)StepflowJson.Options.GetTypeInfo(typeof(T));

    public async Task<ServerHealth> GetHealthAsync(CancellationToken cancellationToken) =>
        V011Mapper.Health(await _health.HealthCheckAsync(null, cancellationToken).ConfigureAwait(false));

    public async Task<ComponentList> ListComponentsAsync(bool includeSchemas, CancellationToken cancellationToken) =>
        V011Mapper.Components(await _components.ListComponentsAsync(includeSchemas, cancellationToken).ConfigureAwait(false));
}

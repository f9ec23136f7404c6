using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// The generated endpoint clients a <see cref="StepflowClient"/> uses, for calls the convenience
/// methods do not cover. They share the client's <see cref="HttpClient"/> and base address.
/// </summary>
public sealed class StepflowApiClients
{
    internal StepflowApiClients(HttpClient http, string apiBase, Action<HttpRequestMessage> customizer)
    {
        Health = new HealthClient(http) { BaseUrl = apiBase, RequestCustomizer = customizer };
        Blobs = new BlobClient(http) { BaseUrl = apiBase, RequestCustomizer = customizer };
        Components = new ComponentClient(http) { BaseUrl = apiBase, RequestCustomizer = customizer };
        Flows = new FlowClient(http) { BaseUrl = apiBase, RequestCustomizer = customizer };
        Runs = new RunClient(http) { BaseUrl = apiBase, RequestCustomizer = customizer };
    }

    /// <summary><c>GET /health</c>.</summary>
    public IHealthClient Health { get; }

    /// <summary><c>/blobs</c> endpoints.</summary>
    public IBlobClient Blobs { get; }

    /// <summary><c>/components</c> endpoints.</summary>
    public IComponentClient Components { get; }

    /// <summary><c>/flows</c> endpoints.</summary>
    public IFlowClient Flows { get; }

    /// <summary><c>/runs</c> endpoints.</summary>
    public IRunClient Runs { get; }
}

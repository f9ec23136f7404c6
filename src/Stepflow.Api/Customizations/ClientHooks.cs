using System.Text.Json;
using Stepflow.Api.Serialization;

namespace Stepflow.Api;

#pragma warning disable CA1822 // The partial hook signatures are fixed by the generated half.

// CUSTOM: the generated clients expose partial hooks; every client gets the same customizations:
// the forward-compatible serializer settings; a RequestCustomizer callback (headers, credentials,
// tracing) that works even when the HttpClient belongs to the caller; and recognition of the gRPC
// "unknown route" answer (HTTP 200 with an empty application/grpc body) before it is read as JSON.

/// <summary>Calls the server health endpoint (<c>GET /health</c>). Generated from the OpenAPI document; thread-safe.</summary>
public partial class HealthClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => StepflowJson.Configure(settings);

    /// <summary>Called with every request before it is sent; set it once, before the client is shared.</summary>
    public Action<HttpRequestMessage>? RequestCustomizer { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => RequestCustomizer?.Invoke(request);

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) => GrpcFallback.ThrowIfFallback(response);
}

/// <summary>Stores and reads content-addressed blobs (<c>/blobs</c>). Generated from the OpenAPI document; thread-safe.</summary>
public partial class BlobClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => StepflowJson.Configure(settings);

    /// <summary>Called with every request before it is sent; set it once, before the client is shared.</summary>
    public Action<HttpRequestMessage>? RequestCustomizer { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => RequestCustomizer?.Invoke(request);

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) => GrpcFallback.ThrowIfFallback(response);
}

/// <summary>Lists the components the server can run (<c>GET /components</c>). Generated from the OpenAPI document; thread-safe.</summary>
public partial class ComponentClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => StepflowJson.Configure(settings);

    /// <summary>Called with every request before it is sent; set it once, before the client is shared.</summary>
    public Action<HttpRequestMessage>? RequestCustomizer { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => RequestCustomizer?.Invoke(request);

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) => GrpcFallback.ThrowIfFallback(response);
}

/// <summary>Creates, reads, waits for, streams, cancels and deletes runs (<c>/runs</c>). Generated from the OpenAPI document; thread-safe.</summary>
public partial class RunClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => StepflowJson.Configure(settings);

    /// <summary>Called with every request before it is sent; set it once, before the client is shared.</summary>
    public Action<HttpRequestMessage>? RequestCustomizer { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => RequestCustomizer?.Invoke(request);

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) => GrpcFallback.ThrowIfFallback(response);
}

/// <summary>Stores, reads and deletes flows and reads their variables (<c>/flows</c>). Generated from the OpenAPI document; thread-safe.</summary>
public partial class FlowClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => StepflowJson.Configure(settings);

    /// <summary>Called with every request before it is sent; set it once, before the client is shared.</summary>
    public Action<HttpRequestMessage>? RequestCustomizer { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => RequestCustomizer?.Invoke(request);

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) => GrpcFallback.ThrowIfFallback(response);
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stepflow.Client;

// The conventional namespace for service registration, so AddStepflowClient shows up next to AddHttpClient.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="StepflowClient"/> and <see cref="IStepflowExecutor"/> with dependency injection.</summary>
public static class StepflowServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses (for <c>IHttpClientFactory</c> configuration).</summary>
    public const string HttpClientName = "Stepflow";

    /// <summary>
    /// Registers <see cref="StepflowClient"/> and <see cref="IStepflowExecutor"/> over <c>IHttpClientFactory</c>,
    /// with options set by <paramref name="configure"/> (at least <see cref="StepflowClientOptions.ServerUrl"/>).
    /// Options are validated when the application starts.
    /// </summary>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddStepflowClient(this IServiceCollection services, Action<StepflowClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StepflowClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="StepflowClient"/> and <see cref="IStepflowExecutor"/> with options bound from a
    /// configuration section (for example <c>configuration.GetSection("Stepflow")</c> holding <c>ServerUrl</c>,
    /// <c>RequestTimeout</c>, <c>Retry:MaxRetries</c>, <c>BearerToken</c>, …).
    /// </summary>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddStepflowClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StepflowClientOptions>().Bind(configuration);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<StepflowClientOptions>()
            .PostConfigure<IServiceProvider>((options, provider) => options.LoggerFactory ??= provider.GetService<ILoggerFactory>())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StepflowClientOptions>, StepflowClientOptionsValidator>());

        // The client enforces its own per-attempt and per-operation timeouts; long polls must not be cut at 100 s.
        var builder = services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddTypedClient((http, provider) =>
        {
            var options = provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value;
            return new StepflowClient(http, options.ServerUrl!, options);
        });
        services.TryAddTransient<IStepflowExecutor>(provider => provider.GetRequiredService<StepflowClient>());
        return builder;
    }
}

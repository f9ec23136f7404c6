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

    /// <summary>
    /// Registers a <see cref="StepflowClient"/> and an <see cref="IStepflowExecutor"/> as keyed services under
    /// <paramref name="name"/>, for applications that talk to more than one Stepflow server. Resolve them with
    /// <c>[FromKeyedServices("name")]</c> or <c>GetRequiredKeyedService&lt;StepflowClient&gt;("name")</c>. Each
    /// name has its own options (named options <paramref name="name"/>), validated at start, and its own
    /// <see cref="HttpClient"/> named <c>Stepflow:{name}</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key of this server's client; not empty.</param>
    /// <param name="configure">Sets this server's options (at least <see cref="StepflowClientOptions.ServerUrl"/>).</param>
    /// <returns>The HTTP client builder of this name, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddKeyedStepflowClient(this IServiceCollection services, string name, Action<StepflowClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StepflowClientOptions>(name).Configure(configure);
        return AddKeyedCore(services, name);
    }

    /// <summary>
    /// Registers a keyed <see cref="StepflowClient"/> and <see cref="IStepflowExecutor"/> under <paramref name="name"/>
    /// (see <see cref="AddKeyedStepflowClient(IServiceCollection, string, Action{StepflowClientOptions})"/>) with
    /// options bound from a configuration section, for example <c>configuration.GetSection("Stepflow:Staging")</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key of this server's client; not empty.</param>
    /// <param name="configuration">The section holding this server's options.</param>
    /// <returns>The HTTP client builder of this name, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddKeyedStepflowClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StepflowClientOptions>(name).Bind(configuration);
        return AddKeyedCore(services, name);
    }

    private static IHttpClientBuilder AddKeyedCore(IServiceCollection services, string name)
    {
        ConfigureOptions(services, name);
        var httpClientName = $"{HttpClientName}:{name}";
        var builder = services.AddHttpClient(httpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddKeyedTransient(name, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<StepflowClientOptions>>().Get(name);
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
            return new StepflowClient(http, options.ServerUrl!, options);
        });
        services.AddKeyedTransient<IStepflowExecutor>(name, (provider, key) => provider.GetRequiredKeyedService<StepflowClient>(key));
        return builder;
    }

    private static void ConfigureOptions(IServiceCollection services, string name)
    {
        services.AddOptions<StepflowClientOptions>(name)
            .PostConfigure<IServiceProvider>((options, provider) => options.LoggerFactory ??= provider.GetService<ILoggerFactory>())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StepflowClientOptions>, StepflowClientOptionsValidator>());
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        ConfigureOptions(services, Microsoft.Extensions.Options.Options.DefaultName);

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

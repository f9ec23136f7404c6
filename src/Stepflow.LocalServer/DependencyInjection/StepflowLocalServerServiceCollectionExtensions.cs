using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stepflow.Client;
using Stepflow.LocalServer;

// The conventional namespace for service registration, so AddStepflowLocalServer shows up next to AddStepflowClient.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a local Stepflow server, started and stopped with the application, and a client for it.</summary>
public static class StepflowLocalServerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a hosted service that starts a <see cref="StepflowLocalServer"/> when the application starts and stops it
    /// when the application stops, and, for resolving once the host has started: the <see cref="StepflowLocalServer"/>,
    /// a <see cref="StepflowClient"/> for it (options from <see cref="StepflowLocalServerOptions.ClientOptions"/>), and
    /// <see cref="IStepflowExecutor"/> as the server itself (unless one is registered already). Hosted services start in
    /// registration order: register this before hosted services that call the server when they start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the server's options; the logger factory defaults to the application's.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddStepflowLocalServer(this IServiceCollection services, Action<StepflowLocalServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StepflowLocalServerOptions>()
            .Configure(configure)
            .PostConfigure<IServiceProvider>((options, provider) => options.LoggerFactory ??= provider.GetService<ILoggerFactory>());
        if (services.Any(d => d.ServiceType == typeof(StepflowLocalServerHostedService)))
        {
            // Called again: the options add up, and the one server is started once.
            return services;
        }

        services.AddSingleton<StepflowLocalServerHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<StepflowLocalServerHostedService>());
        services.TryAddSingleton(provider => provider.GetRequiredService<StepflowLocalServerHostedService>().Server);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StepflowLocalServerOptions>>().Value;
            return provider.GetRequiredService<StepflowLocalServer>().CreateClient(options.ClientOptions);
        });
        services.TryAddSingleton<IStepflowExecutor>(provider => provider.GetRequiredService<StepflowLocalServer>());
        return services;
    }
}

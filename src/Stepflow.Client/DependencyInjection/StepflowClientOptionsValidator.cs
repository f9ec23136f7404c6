using Microsoft.Extensions.Options;

namespace Stepflow.Client;

/// <summary>Checks registered options when the application starts, so a bad setting fails fast and says which.</summary>
internal sealed class StepflowClientOptionsValidator : IValidateOptions<StepflowClientOptions>
{
    public ValidateOptionsResult Validate(string? name, StepflowClientOptions options)
    {
        if (options.ServerUrl is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail("Stepflow: ServerUrl must be set to the server's absolute http(s) URL, e.g. http://localhost:7840.");
        }

        try
        {
            options.Validate();
            options.ValidateTransport(url);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"Stepflow: {ex.Message}");
        }
    }
}

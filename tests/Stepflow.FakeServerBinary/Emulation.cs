using Stepflow.Testing;

namespace Stepflow.FakeServerBinary;

/// <summary>
/// Which API generation the fake serves, from <c>FAKE_STEPFLOW_EMULATION</c> (README.md): 0.13 unless told
/// otherwise, so the native AOT check can run one consumer against both generations.
/// </summary>
internal static class Emulation
{
    public const string Variable = "FAKE_STEPFLOW_EMULATION";

    /// <summary>The emulation named by <paramref name="value"/>, or null with <paramref name="error"/> set.</summary>
    public static StepflowServerEmulation? Parse(string? value, out string? error)
    {
        error = null;
        switch (value)
        {
            case null or "" or "0.13":
                return StepflowServerEmulation.V0_13;
            case "0.12":
                return StepflowServerEmulation.V0_12;
            case "0.11":
                return StepflowServerEmulation.V0_11;
            default:
                error = $"{Variable}='{value}' is not one of 0.11, 0.12, 0.13";
                return null;
        }
    }
}

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// A client test that runs once per server API generation, as the Azure SDK runs its tests once per service version:
/// the test class is abstract and takes the generation; one sealed subclass per generation runs its facts. Answers come
/// from <see cref="Samples"/> (or <see cref="OnWire{T}"/> for a test's own JSON) in the generation's shapes, and the
/// clients of <see cref="Server"/> are pinned to it.
/// </summary>
public abstract class GenerationTest : IDisposable
{
    protected GenerationTest(StepflowApiGeneration generation)
    {
        Generation = generation;
        Server = new FakeServer(generation);
        Samples = WireSamples.For(generation);
    }

    /// <summary>The generation this instance runs against.</summary>
    protected StepflowApiGeneration Generation { get; }

    /// <summary>True for the 0.11 API, false for 0.12/0.13.</summary>
    protected bool Is011 => Generation == StepflowApiGeneration.V011;

    /// <summary>The fake server; one per test.</summary>
    protected FakeServer Server { get; }

    /// <summary>Shared answers in this generation's wire shapes.</summary>
    protected WireSamples Samples { get; }

    /// <summary>The value for this generation: what the 0.11 wire carries, or what 0.12/0.13 carry.</summary>
    protected T OnWire<T>(T v011, T v013) => Is011 ? v011 : v013;

    public void Dispose()
    {
        Server.Dispose();
        GC.SuppressFinalize(this);
    }
}

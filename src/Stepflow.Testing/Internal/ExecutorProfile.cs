namespace Stepflow.Testing.Internal;

/// <summary>
/// How the simulated executor journals a run, where the server generations differ in what they write rather
/// than in how they render it (docs/server-api.md §10.2, §10.3). Everything else about a run is the same.
/// </summary>
/// <param name="JournalsItemCompletion">Whether an item's completion is journaled (0.11 yes; 0.13 never emits <c>ItemCompleted</c>).</param>
/// <param name="JournalsStepReady">Whether steps are journaled as ready (one event per unblocked step, one sequence number) before they start.</param>
/// <param name="StartsFirstItemsTogether">
/// Whether the items that start at once (up to <c>maxConcurrency</c>) are journaled as one batch, so their
/// step-started events share one sequence number; otherwise every item is journaled on its own.
/// </param>
internal sealed record ExecutorProfile(bool JournalsItemCompletion, bool JournalsStepReady, bool StartsFirstItemsTogether)
{
    /// <summary>As the fake has always journaled 0.11 runs: per item steps_needed, then its steps started together, then item_completed.</summary>
    public static ExecutorProfile V011 { get; } = new(JournalsItemCompletion: true, JournalsStepReady: false, StartsFirstItemsTogether: false);

    /// <summary>0.12/0.13: no item completions, ready steps announced, the first items started in one batch.</summary>
    public static ExecutorProfile V013 { get; } = new(JournalsItemCompletion: false, JournalsStepReady: true, StartsFirstItemsTogether: true);

    /// <summary>The profile of a server generation.</summary>
    public static ExecutorProfile Of(StepflowServerEmulation emulation) =>
        emulation == StepflowServerEmulation.V0_11 ? V011 : V013;
}

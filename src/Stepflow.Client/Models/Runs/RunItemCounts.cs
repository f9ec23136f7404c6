namespace Stepflow.Client;

/// <summary>How many items of a run are in each state.</summary>
/// <param name="Total">Every item of the run (one per input).</param>
/// <param name="Completed">Items that finished successfully.</param>
/// <param name="Running">Items still executing.</param>
/// <param name="Failed">Items that finished with an error.</param>
/// <param name="Cancelled">Items that were cancelled (0.12+ servers leave this at 0 even after a cancel).</param>
public readonly record struct RunItemCounts(int Total, int Completed, int Running, int Failed, int Cancelled);

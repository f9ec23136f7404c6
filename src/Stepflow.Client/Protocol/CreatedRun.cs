namespace Stepflow.Client.Protocol;

/// <summary>A created run and, when the server waited, every item's result at that moment.</summary>
internal sealed record CreatedRun(RunSummary Summary, IReadOnlyList<ItemResult>? Results);

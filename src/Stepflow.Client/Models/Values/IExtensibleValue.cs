namespace Stepflow.Client;

/// <summary>An extensible value (<see cref="RunStatus"/>, <see cref="TaskErrorCode"/>, …): a known name or any text a server sent.</summary>
/// <typeparam name="TSelf">The value type itself.</typeparam>
internal interface IExtensibleValue<TSelf>
    where TSelf : struct, IExtensibleValue<TSelf>
{
    /// <summary>Creates the value from its text.</summary>
    static abstract TSelf Create(string value);
}

namespace Stepflow.Api.Serialization;

/// <summary>
/// A string enumeration of the Stepflow API as an extensible value (<c>ExecutionStatus</c>,
/// <c>TaskErrorCode</c>, …): a <see langword="readonly"/> struct that wraps the text a server sent,
/// with a static property for each value this SDK knows. A value it does not know is just itself: it
/// compares, prints and is written back unchanged.
/// </summary>
/// <remarks>
/// The generated types implement it so that one <see cref="ExtensibleEnumConverter{TValue}"/> serves
/// them all; <see cref="object.ToString"/> gives the wire text.
/// </remarks>
/// <typeparam name="TSelf">The value type itself.</typeparam>
public interface IExtensibleEnumValue<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IExtensibleEnumValue<TSelf>
{
    /// <summary>Creates the value from its wire text.</summary>
    /// <param name="value">The text, as the server sends it.</param>
    /// <returns>The value; a text this SDK does not know is kept as it is.</returns>
    static abstract TSelf FromWire(string value);
}

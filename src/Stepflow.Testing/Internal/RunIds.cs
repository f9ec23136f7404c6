using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stepflow.Testing.Internal;

/// <summary>Run ids in the server's format: UUIDv7 (time-ordered), lower-case when printed.</summary>
internal static class RunIds
{
    /// <summary>A new UUIDv7 for <paramref name="now"/>.</summary>
    /// <remarks>Written out rather than <c>Guid.CreateVersion7</c>, which net8.0 does not have.</remarks>
    public static Guid NewV7(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        // 48-bit big-endian Unix milliseconds, then version 7 and the RFC 4122 variant.
        var millis = (ulong)now.ToUnixTimeMilliseconds();
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(time, millis);
        time[2..].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

namespace Stepflow.Client;

/// <summary>Whether repeating a request could change anything on the server.</summary>
internal enum RetrySafety
{
    /// <summary>Repeating it is harmless: reads, deletes, content-addressed stores, cancel.</summary>
    Safe,

    /// <summary>Repeating it after it reached the server could create a second run.</summary>
    OnlyIfNeverSent,

    /// <summary>Never repeated (for example an upload from a stream that cannot be rewound).</summary>
    Never,
}

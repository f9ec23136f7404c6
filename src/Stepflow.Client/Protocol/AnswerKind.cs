namespace Stepflow.Client.Protocol;

/// <summary>What an unusable answer means, decided by the server generation's protocol from its wire rules.</summary>
internal enum AnswerKind
{
    /// <summary>No such resource.</summary>
    NotFound,

    /// <summary>The server has no such endpoint (older server, unknown route).</summary>
    EndpointUnavailable,

    /// <summary>The request conflicts with the resource's state.</summary>
    Conflict,

    /// <summary>The request was malformed.</summary>
    InvalidRequest,

    /// <summary>The flow has fatal problems.</summary>
    InvalidFlow,

    /// <summary>Credentials refused.</summary>
    Unauthorized,

    /// <summary>Throttled.</summary>
    RateLimited,

    /// <summary>The server or a gateway failed.</summary>
    ServerFailure,

    /// <summary>A success status whose body could not be read (empty, cut off, not the expected JSON).</summary>
    Unreadable,

    /// <summary>Any other status.</summary>
    Other,

    /// <summary>The server's health answer fits no generation this SDK speaks (docs/server-api.md §1.2).</summary>
    UnsupportedServer,
}

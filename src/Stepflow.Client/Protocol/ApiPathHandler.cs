using System.Globalization;
using System.Runtime.CompilerServices;

namespace Stepflow.Client.Protocol;

/// <summary>
/// Builds a request URI's text from an interpolated API path (<c>$"runs/{runId:D}"</c>) with the API base in front, in
/// one string: the path is never a string of its own. Formatting is culture-invariant, as URIs need.
/// </summary>
[InterpolatedStringHandler]
internal ref struct ApiPathHandler
{
    private DefaultInterpolatedStringHandler _text;

    public ApiPathHandler(int literalLength, int formattedCount, HttpTransport transport)
    {
        _text = new DefaultInterpolatedStringHandler(transport.ApiBaseText.Length + literalLength, formattedCount, CultureInfo.InvariantCulture);
        _text.AppendLiteral(transport.ApiBaseText);
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}

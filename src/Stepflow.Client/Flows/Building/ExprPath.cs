using System.Buffers;
using System.Globalization;
using System.Text;

namespace Stepflow.Client;

/// <summary>One step of a path into a value: a field name or an array index.</summary>
internal readonly record struct PathSegment(string? Field, int Index)
{
    public static PathSegment OfField(string name) => new(name, -1);

    public static PathSegment OfIndex(int index) => new(null, index);
}

/// <summary>
/// The path syntax the server reads after <c>$input</c>, <c>$variable</c> and a step's <c>path</c>: <c>$</c> is the
/// whole value, then <c>.field</c>, <c>[0]</c> or <c>["any field"]</c>. Text that does not start with <c>$</c> is, for
/// the server, one field name; the builder's own string overloads read it as a dotted path instead (see <see cref="FromUser"/>).
/// </summary>
internal static class ExprPath
{
    public const string Root = "$";

    // Characters that make a field name need the quoted ["name"] form.
    private static readonly SearchValues<char> Special = SearchValues.Create(".[]\"' ");

    /// <summary>Writes segments as a path the server reads back to the same segments.</summary>
    public static string Format(IEnumerable<PathSegment> segments)
    {
        var text = new StringBuilder(Root);
        foreach (var segment in segments)
        {
            Append(text, segment);
        }

        return text.ToString();
    }

    public static string Append(string path, PathSegment segment)
    {
        var text = new StringBuilder(path.Length == 0 ? Root : path);
        Append(text, segment);
        return text.ToString();
    }

    private static void Append(StringBuilder text, PathSegment segment)
    {
        if (segment.Field is not { } field)
        {
            text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        else if (field.Length > 0 && field.AsSpan().IndexOfAny(Special) < 0 && field.Trim() == field)
        {
            text.Append('.').Append(field);
        }
        else if (!field.Contains('"', StringComparison.Ordinal))
        {
            text.Append("[\"").Append(field).Append("\"]");
        }
        else if (!field.Contains('\'', StringComparison.Ordinal))
        {
            text.Append("['").Append(field).Append("']");
        }
        else
        {
            throw new ArgumentException($"The field name {field} holds both kinds of quote, which a Stepflow path cannot write.", nameof(segment));
        }
    }

    /// <summary>
    /// A path given to the builder: text starting with <c>$</c> is taken as the server reads it (and checked); other
    /// text is a dotted path such as <c>customer.email</c> or <c>lines[0].sku</c>, written as <c>$.customer.email</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a valid path.</exception>
    public static string FromUser(string path, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        var trimmed = path.Trim();
        if (trimmed.Length == 0)
        {
            return Root;
        }

        var absolute = trimmed.StartsWith('$');
        List<PathSegment> segments = [];
        var error = absolute ? TryParse(trimmed, out _) : TryParseDotted(trimmed, out segments);
        if (error is not null)
        {
            throw new ArgumentException($"'{path}' is not a valid path: {error}", parameterName);
        }

        return absolute ? trimmed : Format(segments);
    }

    /// <summary>Reads a path as the server does; returns the error, or null with the segments.</summary>
    public static string? TryParse(string path, out List<PathSegment> segments)
    {
        segments = [];
        if (path.Length == 0)
        {
            return null;
        }

        var text = path.Trim();
        if (!text.StartsWith('$'))
        {
            segments.Add(PathSegment.OfField(path));
            return null;
        }

        var i = 1;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '.':
                    var end = text.IndexOfAny(['.', '['], i + 1);
                    end = end < 0 ? text.Length : end;
                    if (end > i + 1)
                    {
                        segments.Add(PathSegment.OfField(text[(i + 1)..end]));
                    }

                    i = end;
                    break;
                case '[':
                    var close = text.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        return "a '[' is not closed";
                    }

                    var inner = text[(i + 1)..close].Trim();
                    if (inner.Length >= 2 && (inner[0] is '"' or '\'') && inner[^1] == inner[0])
                    {
                        segments.Add(PathSegment.OfField(inner[1..^1]));
                    }
                    else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        segments.Add(PathSegment.OfIndex(index));
                    }
                    else
                    {
                        return $"'[{inner}]' is neither an index nor a quoted field name";
                    }

                    i = close + 1;
                    break;
                default:
                    return $"'{text[i]}' at position {i} is where a '.' or '[' must be";
            }
        }

        return null;
    }

    /// <summary>Reads <c>a.b[0].c</c>: fields separated by dots, each optionally followed by indexes.</summary>
    private static string? TryParseDotted(string path, out List<PathSegment> segments)
    {
        segments = [];
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var field = bracket < 0 ? part : part[..bracket];
            if (field.Length == 0 && bracket != 0)
            {
                return "it has an empty field name";
            }

            if (field.Length > 0)
            {
                segments.Add(PathSegment.OfField(field));
            }

            if (bracket >= 0)
            {
                var error = TryParse("$" + part[bracket..], out var indexes);
                if (error is not null)
                {
                    return error;
                }

                segments.AddRange(indexes);
            }
        }

        return null;
    }
}

using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

/// <summary>
/// Turns a lambda such as <c>o =&gt; o.Lines[0].Sku</c> into the path <c>$.lines[0].sku</c>. The expression tree is only
/// read, never compiled; indexes must be constants or captured variables.
/// </summary>
internal static class TypedPath
{
    public static string Of(LambdaExpression lambda, JsonSerializerOptions options)
    {
        var segments = new List<PathSegment>();
        Walk(Unwrap(lambda.Body), lambda, options, segments);
        return ExprPath.Format(segments);
    }

    private static void Walk(Expression node, LambdaExpression lambda, JsonSerializerOptions options, List<PathSegment> segments)
    {
        switch (node)
        {
            case ParameterExpression parameter when parameter == lambda.Parameters[0]:
                return;
            case MemberExpression { Expression: { } owner } member:
                Walk(Unwrap(owner), lambda, options, segments);
                // Nullable<T>.Value reads the same JSON value.
                if (!(member.Member.Name == "Value" && Nullable.GetUnderlyingType(owner.Type) is not null))
                {
                    segments.Add(PathSegment.OfField(JsonName(member.Member, owner.Type, options)));
                }

                return;
            case BinaryExpression { NodeType: ExpressionType.ArrayIndex } index:
                Walk(Unwrap(index.Left), lambda, options, segments);
                segments.Add(Index(index.Right, lambda));
                return;
            case MethodCallExpression { Method.Name: "get_Item", Object: { } owner, Arguments.Count: 1 } call:
                Walk(Unwrap(owner), lambda, options, segments);
                segments.Add(Index(call.Arguments[0], lambda));
                return;
            default:
                throw new ArgumentException(
                    $"The path {lambda} can only read properties, fields and indexers of its parameter; '{node}' is not one of those.");
        }
    }

    private static Expression Unwrap(Expression node) =>
        node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? Unwrap(convert.Operand) : node;

    private static PathSegment Index(Expression argument, LambdaExpression lambda) => Evaluate(Unwrap(argument), lambda) switch
    {
        int index when index >= 0 => PathSegment.OfIndex(index),
        string key => PathSegment.OfField(key),
        var other => throw new ArgumentException(
            $"The path {lambda} indexes with {other ?? "null"}; only non-negative int and string indexes can be written as a path.")
    };

    // Constants and captured variables (fields of the compiler's closure object), without compiling anything.
    private static object? Evaluate(Expression node, LambdaExpression lambda) => node switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Member: FieldInfo field } member when member.Expression is null or ConstantExpression or MemberExpression =>
            field.GetValue(member.Expression is null ? null : Evaluate(member.Expression, lambda)),
        MemberExpression { Member: PropertyInfo property } member when member.Expression is null or ConstantExpression or MemberExpression =>
            property.GetValue(member.Expression is null ? null : Evaluate(member.Expression, lambda)),
        _ => throw new ArgumentException(
            $"The path {lambda} indexes with '{node}'; an index must be a constant or a captured variable.")
    };

    private static string JsonName(MemberInfo member, Type ownerType, JsonSerializerOptions options)
    {
        // The contract of the owner type, when the options can give one, knows every naming rule the application set.
        if (options.TryGetTypeInfo(ownerType, out var typeInfo) && typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in typeInfo.Properties)
            {
                if (property.AttributeProvider is MemberInfo declared && declared.Name == member.Name && declared.DeclaringType == member.DeclaringType)
                {
                    return property.Name;
                }
            }
        }

        if (member.GetCustomAttribute<JsonPropertyNameAttribute>() is { } attribute)
        {
            return attribute.Name;
        }

        return options.PropertyNamingPolicy?.ConvertName(member.Name) ?? member.Name;
    }
}

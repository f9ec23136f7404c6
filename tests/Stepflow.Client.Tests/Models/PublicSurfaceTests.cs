using System.Reflection;

namespace Stepflow.Client.Tests.Models;

/// <summary>The public surface of Stepflow.Client and Stepflow.Testing is the SDK's own: no type of the generated wire layer appears in it.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Wire = typeof(Stepflow.Api.RunClient).Assembly;

    [Theory]
    [InlineData("Stepflow.Client")]
    [InlineData("Stepflow.Testing")]
    public void No_public_signature_names_a_Stepflow_Api_type(string assemblyName)
    {
        var assembly = assemblyName == "Stepflow.Client" ? typeof(StepflowClient).Assembly : typeof(Stepflow.Testing.StepflowTestServer).Assembly;
        var offenders = new List<string>();
        Assert.NotEmpty(assembly.GetExportedTypes());
        foreach (var type in assembly.GetExportedTypes())
        {
            Check(type.BaseType, type.FullName!, offenders);
            foreach (var implemented in type.GetInterfaces())
            {
                Check(implemented, type.FullName!, offenders);
            }

            const BindingFlags visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(visible))
            {
                var where = $"{type.FullName}.{member.Name}";
                switch (member)
                {
                    case MethodBase method when method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly:
                        Check((method as MethodInfo)?.ReturnType, where, offenders);
                        foreach (var parameter in method.GetParameters())
                        {
                            Check(parameter.ParameterType, where, offenders);
                        }

                        break;
                    case PropertyInfo property when property.GetMethod is { } getter && (getter.IsPublic || getter.IsFamily):
                        Check(property.PropertyType, where, offenders);
                        break;
                    case FieldInfo field when field.IsPublic || field.IsFamily:
                        Check(field.FieldType, where, offenders);
                        break;
                }
            }
        }

        Assert.Empty(offenders);
    }

    private static void Check(Type? type, string where, List<string> offenders)
    {
        if (type is null)
        {
            return;
        }

        if (type.Assembly == Wire)
        {
            offenders.Add($"{where}: {type.FullName}");
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Check(argument, where, offenders);
        }

        Check(type.HasElementType ? type.GetElementType() : null, where, offenders);
    }
}

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// The value a parameter bound as raw text takes when it is absent, for the OpenAPI document only; its
/// CLR type gives the schema's type (bool → boolean, int → integer). The framework would apply
/// <c>DefaultValueAttribute</c> itself and fail on a value that is not of the bound type (<c>StringValues?</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SchemaDefaultAttribute(object value) : Attribute
{
    public object Value => value;
}

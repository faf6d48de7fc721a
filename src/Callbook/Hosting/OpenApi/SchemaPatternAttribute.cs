namespace Callbook.Hosting.OpenApi;

/// <summary>
/// The regular expression (ECMA-262, anchored) a parameter's value matches, for the OpenAPI document
/// only: the type that reads the value checks it and answers with Callbook's own error.
/// (<c>RegularExpressionAttribute</c> cannot be put on a type, and would validate when validation is on.)
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Struct | AttributeTargets.Class)]
public sealed class SchemaPatternAttribute(string pattern) : Attribute
{
    public string Pattern => pattern;
}

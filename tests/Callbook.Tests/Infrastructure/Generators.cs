using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Callbook.Tests.Infrastructure;

/// <summary>FsCheck generators for hostile text and JSON (as text, so that it can hold what a JSON library would refuse to write).</summary>
internal static class Generators
{
    /// <summary>Characters that break careless code: controls, NUL, quotes, escapes, lone surrogates, direction marks, other scripts' digits.</summary>
    private static readonly string[] Nasty =
    [
        "\0", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\"", "'", "\\", "%", "_", "$", "@", "/", "\u00a0", "\u200b", "\u200e",
        "\u202e", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\ud800", "\udfff", "\u0301", "é", "ß", "İ", "\u0663", "\uff11", "‘", "’", "“",
        "😀", "👩‍👩‍👧", "中文", "\u2028",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "42", "3.14", "1e400", "-1e400", "99999999999999999999", "123456789012345678901234567890",
        "1.7976931348623157e308", "5e-324", "0.0000001", "9223372036854775808", "-9223372036854775809",
    ];

    public static readonly string[] AssignedCodes = ["+1", "+7", "+44", "+49", "+91", "+353", "+998"];

    /// <summary>Any text: mostly printable ASCII, with hostile characters, any UTF-16 unit, and now and then far too long.</summary>
    public static Gen<string> AnyText()
    {
        var piece = Gen.Frequency(
            (8, Gen.Choose(32, 126).Select(c => ((char)c).ToString())),
            (3, Gen.Elements(Nasty)),
            (1, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())));
        var length = Gen.Frequency((10, Gen.Choose(0, 24)), (1, Gen.Choose(95, 130)));
        return length.SelectMany(n => Gen.ArrayOf(piece, n)).Select(string.Concat);
    }

    /// <summary>A JSON string literal; non-ASCII either raw or escaped, lone surrogates always escaped.</summary>
    public static Gen<string> JsonString(Gen<string> text) =>
        text.Zip(Gen.Elements(true, false)).Select(p => Quote(p.Item1, p.Item2));

    public static string Quote(string text, bool escapeNonAscii = true)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c == '"' || c == '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c) || (escapeNonAscii && c > 0x7e))
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }
        return json.Append('"').ToString();
    }

    /// <summary>Any JSON value up to <paramref name="depth"/> levels: null, booleans, huge numbers, hostile strings, arrays, objects.</summary>
    public static Gen<string> AnyJson(int depth = 3)
    {
        var leaf = Gen.Frequency(
            (1, Gen.Elements("null", "true", "false")),
            (2, Gen.Elements(Numbers)),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture))),
            (4, JsonString(AnyText())));
        if (depth == 0)
        {
            return leaf;
        }
        var inner = AnyJson(depth - 1);
        var array = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(inner, n)).Select(items => "[" + string.Join(",", items) + "]");
        var obj = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(JsonString(AnyText()).Zip(inner), n))
            .Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + ":" + m.Item2)) + "}");
        return Gen.Frequency((4, leaf), (1, array), (1, obj));
    }

    /// <summary>A contact input object whose every field is usually valid, sometimes anything at all, sometimes absent.</summary>
    public static Gen<string> ContactInput()
    {
        var name = Field(Gen.Elements("Ann", "bob", "Élodie", "O'Brien", "李", "Zoë", "van der Berg", " padded "));
        var salutation = Field(Gen.Elements("mr", "Mrs", "Dr", "Ms."));
        var extension = Field(Gen.Elements("+", "+91", "91", ""));
        var digits = Gen.Choose(100_000_000, 999_999_999).Select(n => n.ToString(CultureInfo.InvariantCulture));
        var code = Gen.Elements(AssignedCodes);
        var phoneNumber = Field(Gen.Frequency((4, digits), (1, code.Zip(digits).Select(p => p.Item1 + p.Item2))));
        var countryCode = Field(code);
        var cellPhone = Gen.Frequency(
            (12, Members(("extension", extension), ("phoneNumber", phoneNumber), ("countryCode", countryCode))),
            (1, AnyJson(2).Select(v => (string?)v)),
            (1, Gen.Constant((string?)null)));
        var objects = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(AnyJson(2).Where(v => v.StartsWith('{')), n)).Select(items => "[" + string.Join(",", items) + "]");
        var list = Gen.Frequency((6, Gen.Constant((string?)null)), (3, objects.Select(v => (string?)v)), (1, AnyJson(2).Select(v => (string?)v)));
        var extra = Gen.Frequency(
            (3, Gen.Constant((string?)null)),
            (1, Gen.Elements("id", "_id", "status", "accountId", "orgId", "createdAt", "version", "unknown").Zip(AnyJson(1)).Select(p => (string?)(Quote(p.Item1) + ":" + p.Item2))));
        return Members(("firstName", name), ("lastName", name), ("salutation", salutation), ("cellPhone", cellPhone), ("address", list), ("twitterDetails", list))
            .Zip(extra)
            .Select(p => p.Item2 is null ? p.Item1! : p.Item1!.Insert(1, p.Item2 + (p.Item1!.Length > 2 ? "," : "")));
    }

    /// <summary>A value for a string field: a good one, any text, any JSON, or absent (null).</summary>
    private static Gen<string?> Field(Gen<string> good) => Gen.Frequency(
        (24, good.Select(v => (string?)Quote(v))),
        (2, JsonString(AnyText()).Select(v => (string?)v)),
        (1, AnyJson(1).Select(v => (string?)v)),
        (1, Gen.Constant((string?)null)));

    /// <summary>A JSON object of the members whose value is not null (absent).</summary>
    private static Gen<string?> Members(params (string Name, Gen<string?> Value)[] members)
    {
        var values = members.Select(m => m.Value.Select(v => v is null ? null : Quote(m.Name) + ":" + v)).ToArray();
        return Gen.CollectToSequence(values, g => g).Select(parts => (string?)("{" + string.Join(",", parts.Where(p => p is not null)) + "}"));
    }
}

using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// Deterministic mutations of valid request bodies: structural ones on the JSON tree (re-type,
/// remove or duplicate a field, huge numbers, deep nesting, very long strings, invalid UTF-8
/// inside a string) and blind ones on the bytes (flip, insert, delete, truncate). The same seed
/// gives the same sequence of mutations.
/// </summary>
internal sealed class Mutator(int seed)
{
    /// <summary>Byte sequences no UTF-8 decoder may accept: lone continuation, bad lead, overlong, encoded surrogate, truncated, beyond U+10FFFF.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0xC3, 0x28], [0xFF], [0xFE], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    public static readonly string[] HugeNumbers = ["1e400", "-1e400", "1e-400", "99999999999999999999", "123456789012345678901234567890", "-9223372036854775809", "18446744073709551616"];

    private const int LongString = 100_000;
    private const string Significant = "{}[]\",:\\0e-+ \u0001";
    private readonly Random random = new(seed);

    public int Seed => seed;

    /// <summary>One to three mutations of <paramref name="validJson"/>; the description says which, for the failure message.</summary>
    public (byte[] Body, string Description) MutateJson(string validJson)
    {
        var root = JsonNode.Parse(validJson);
        var raw = new List<(string Marker, byte[] Bytes)>();
        var done = new List<string>();
        var structural = random.Next(100) < 80 ? 1 + random.Next(2) : 0;
        for (var i = 0; i < structural; i++)
        {
            root = MutateTree(root, raw, done);
        }
        var bytes = Encoding.UTF8.GetBytes(root?.ToJsonString() ?? "null");
        foreach (var (marker, replacement) in raw)
        {
            bytes = Replace(bytes, Encoding.UTF8.GetBytes(marker), replacement);
        }
        if (structural == 0 || random.Next(100) < 20)
        {
            bytes = MutateBytes(bytes, done);
        }
        return (bytes, string.Join("; ", done));
    }

    /// <summary>Mutations of a CSV file: the blind ones, plus cells that are too long, huge, multi-line or invalid UTF-8, and a damaged header.</summary>
    public (byte[] Body, string Description) MutateCsv(string validCsv)
    {
        var done = new List<string>();
        var lines = validCsv.Split("\r\n").ToList();
        var cells = lines.Select(l => l.Split(',').ToList()).ToList();
        var row = random.Next(cells.Count - 1);
        var column = random.Next(cells[row].Count);
        byte[]? bytes = null;
        switch (random.Next(9))
        {
            case 0:
                cells[row][column] = new string('x', LongString);
                done.Add($"long cell at row {row}, column {column}");
                break;
            case 1:
                cells[row][column] = Pick(HugeNumbers);
                done.Add($"huge number at row {row}, column {column}");
                break;
            case 2:
                cells[row][column] = "\"" + Pick(["a\r\nb", "a\"b", "\0", "a\nb\rc", "\"\""]) + "\"";
                done.Add($"quoted control characters at row {row}, column {column}");
                break;
            case 3:
                var named = random.Next(cells[0].Count);
                cells[0][named] = cells[0][random.Next(cells[0].Count)];
                done.Add($"header column {named} duplicated");
                break;
            case 4:
                cells[row].RemoveAt(column);
                done.Add($"cell removed at row {row}, column {column}");
                break;
            case 5:
                cells[row][column] = Pick(["\"unterminated", "a\"b", "\"a\"b\"", "\ufeffbom"]);
                done.Add($"stray quote or BOM at row {row}, column {column}");
                break;
            case 6:
                var marker = "@@BAD@@";
                cells[row][column] += marker;
                bytes = Replace(Encoding.UTF8.GetBytes(Join(cells)), Encoding.UTF8.GetBytes(marker), Pick(InvalidUtf8));
                done.Add($"invalid UTF-8 at row {row}, column {column}");
                break;
            default:
                bytes = MutateBytes(Encoding.UTF8.GetBytes(validCsv), done);
                break;
        }
        return (bytes ?? Encoding.UTF8.GetBytes(Join(cells)), string.Join("; ", done));
    }

    /// <summary>Flip, insert, delete or truncate at random places.</summary>
    public byte[] MutateBytes(byte[] bytes, List<string> done)
    {
        var list = bytes.ToList();
        var position = random.Next(list.Count + 1);
        switch (random.Next(4))
        {
            case 0 when list.Count > 0:
                position = Math.Min(position, list.Count - 1);
                var mask = (byte)(1 << random.Next(8));
                list[position] ^= mask;
                done.Add($"flipped bit {mask:x2} of byte {position}");
                break;
            case 1:
                var inserted = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(3) == 0 ? (byte)random.Next(256) : (byte)Significant[random.Next(Significant.Length)]).ToArray();
                list.InsertRange(position, inserted);
                done.Add($"inserted {Convert.ToHexString(inserted)} at {position}");
                break;
            case 2 when list.Count > 0:
                position = Math.Min(position, list.Count - 1);
                var count = Math.Min(1 + random.Next(8), list.Count - position);
                list.RemoveRange(position, count);
                done.Add($"deleted {count} bytes at {position}");
                break;
            default:
                list.RemoveRange(position, list.Count - position);
                done.Add($"truncated at {position}");
                break;
        }
        return [.. list];
    }

    private JsonNode? MutateTree(JsonNode? root, List<(string Marker, byte[] Bytes)> raw, List<string> done)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        if (root is not null)
        {
            Collect(root, slots);
        }
        var whole = slots.Count == 0 || random.Next(20) == 0;
        var slot = whole ? default : slots[random.Next(slots.Count)];
        var at = whole ? "the whole body" : slot.Parent.GetPath() + "/" + (slot.Key ?? slot.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var current = whole ? root : Get(slot);
        JsonNode? replacement;
        switch (random.Next(8))
        {
            case 0:
                replacement = Retype(current, out var type);
                done.Add($"re-typed {at} to {type}");
                break;
            case 1 when !whole:
                done.Add("removed " + at);
                if (slot.Key is not null)
                {
                    slot.Parent.AsObject().Remove(slot.Key);
                }
                else
                {
                    slot.Parent.AsArray().RemoveAt(slot.Index);
                }
                return root;
            case 2 when !whole && slot.Key is not null:
                var marker = $"@@DUP{raw.Count}@@";
                slot.Parent.AsObject()[marker] = Retype(current, out var twinType);
                raw.Add(("\"" + marker + "\"", Encoding.UTF8.GetBytes(Generators.Quote(slot.Key))));
                done.Add($"duplicated {at} as {twinType}");
                return root;
            case 3:
                var huge = Pick(HugeNumbers);
                replacement = Raw(raw, Encoding.ASCII.GetBytes(huge));
                done.Add($"huge number {huge} at {at}");
                break;
            case 4:
                const int depth = 1000;
                var deep = random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                replacement = Raw(raw, Encoding.ASCII.GetBytes(deep));
                done.Add($"nested {depth} levels deep at {at}");
                break;
            case 5:
                replacement = JsonValue.Create(new string(Pick(['x', 'é', '9', ' ']), LongString));
                done.Add($"string of {LongString} characters at {at}");
                break;
            default:
                var bad = Pick(InvalidUtf8);
                replacement = Raw(raw, [(byte)'"', (byte)'a', .. bad, (byte)'b', (byte)'"']);
                done.Add($"invalid UTF-8 {Convert.ToHexString(bad)} in a string at {at}");
                break;
        }
        if (whole)
        {
            return replacement;
        }
        if (slot.Key is not null)
        {
            slot.Parent.AsObject()[slot.Key] = replacement;
        }
        else
        {
            slot.Parent.AsArray()[slot.Index] = replacement;
        }
        return root;
    }

    private JsonNode? Retype(JsonNode? old, out string type)
    {
        var options = new (string Name, Func<JsonNode?> Make)[]
        {
            ("number", () => JsonValue.Create(random.Next(-5, 100_000))),
            ("string", () => JsonValue.Create("x")),
            ("empty array", () => new JsonArray()),
            ("array", () => new JsonArray(old?.DeepClone())),
            ("empty object", () => new JsonObject()),
            ("object", () => new JsonObject { ["value"] = old?.DeepClone() }),
            ("null", () => null),
            ("bool", () => JsonValue.Create(random.Next(2) == 0)),
        };
        var (name, make) = options[random.Next(options.Length)];
        type = name;
        return make();
    }

    private static JsonNode Raw(List<(string Marker, byte[] Bytes)> raw, byte[] bytes)
    {
        var marker = $"@@RAW{raw.Count}@@";
        raw.Add(("\"" + marker + "\"", bytes));
        return JsonValue.Create(marker);
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Key, int Index)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                slots.Add((obj, key, -1));
                if (value is not null)
                {
                    Collect(value, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, null, i));
                if (array[i] is { } item)
                {
                    Collect(item, slots);
                }
            }
        }
    }

    private static JsonNode? Get((JsonNode Parent, string? Key, int Index) slot) =>
        slot.Key is not null ? slot.Parent.AsObject()[slot.Key] : slot.Parent.AsArray()[slot.Index];

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];

    private static string Join(List<List<string>> cells) => string.Join("\r\n", cells.Select(r => string.Join(',', r)));

    private static byte[] Replace(byte[] bytes, byte[] marker, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes.AsSpan(0, at), .. replacement, .. bytes.AsSpan(at + marker.Length)];
    }
}

using System.Globalization;
using System.Text;

namespace Callbook.Bench.Perf;

/// <summary>
/// The rows every workload sends and its raw baseline inserts: contact i of a set has the names
/// First{i:D10} / Last{i:D10} and the number +1 {first + i}, so the driver always knows which
/// numbers exist without asking the server.
/// </summary>
public sealed record ContactData(long FirstNumber)
{
    public const string CountryCode = "+1";

    public static readonly ContactData Created = new(2_000_000_000);
    public static readonly ContactData Imported = new(3_000_000_000);
    public static readonly ContactData Workbook = new(4_000_000_000);

    public static string FirstName(int i) => "First" + i.ToString("D10", CultureInfo.InvariantCulture);

    public static string LastName(int i) => "Last" + i.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The national number (10 digits) as sent.</summary>
    public string National(int i) => (FirstNumber + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>The number as stored and as a caller lookup sends it.</summary>
    public string Stored(int i) => CountryCode + National(i);

    /// <summary>A create body: contacts [start, start + count) as a JSON array.</summary>
    public byte[] CreateBody(int start, int count)
    {
        var json = new StringBuilder(count * 160).Append('[');
        for (var i = start; i < start + count; i++)
        {
            json.Append(i == start ? "" : ",");
            AppendContact(json, i, FirstName(i), LastName(i));
            json.Append('}');
        }
        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    /// <summary>A bulk-update body: the given ids get new last names, same numbers.</summary>
    public byte[] UpdateBody(IReadOnlyList<string> ids, int start, int count)
    {
        var json = new StringBuilder(count * 190).Append('[');
        for (var i = start; i < start + count; i++)
        {
            json.Append(i == start ? "" : ",");
            AppendContact(json, i, FirstName(i), "Updated" + i.ToString("D10", CultureInfo.InvariantCulture));
            json.Append(",\"id\":\"").Append(ids[i]).Append("\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    public static byte[] DeleteBody(IReadOnlyList<string> ids, int start, int count) =>
        Encoding.UTF8.GetBytes("{\"ids\":[\"" + string.Join("\",\"", ids.Skip(start).Take(count)) + "\"]}");

    /// <summary>Writes an import file of <paramref name="count"/> rows; returns its path.</summary>
    public string WriteCsv(string folder, int count)
    {
        var path = Path.Combine(folder, $"import-{count}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n");
        for (var i = 0; i < count; i++)
        {
            writer.Write(FirstName(i));
            writer.Write(',');
            writer.Write(LastName(i));
            writer.Write(",mr,");
            writer.Write(National(i));
            writer.Write(",+1,\n");
        }
        return path;
    }

    private void AppendContact(StringBuilder json, int i, string first, string last) =>
        json.Append("{\"firstName\":\"").Append(first).Append("\",\"lastName\":\"").Append(last)
            .Append("\",\"salutation\":\"mr\",\"cellPhone\":{\"extension\":\"\",\"phoneNumber\":\"").Append(National(i))
            .Append("\",\"countryCode\":\"+1\"}");
}

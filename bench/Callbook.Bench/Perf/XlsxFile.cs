using System.IO.Compression;
using System.Text;

namespace Callbook.Bench.Perf;

/// <summary>
/// Writes an import workbook the way Excel and LibreOffice save one: every text in the shared-string
/// table (one entry per distinct name, so a 1,000,000-row sheet has a table of 2,000,000 strings),
/// phone numbers as number cells, country codes as text.
/// </summary>
public static class XlsxFile
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static readonly string[] Header = ["firstName", "lastName", "salutation", "cellPhoneNumber", "cellPhoneCountryCode", "cellPhoneExtension"];

    /// <summary>Writes rows [0, count) of <paramref name="data"/>; returns the file's path.</summary>
    public static string Write(ContactData data, string folder, int count)
    {
        var path = Path.Combine(folder, $"import-{count}.xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
            "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
        Entry(zip, "_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Relationships}\"><Relationship Id=\"rId1\" " +
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Entry(zip, "xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
            "<sheets><sheet name=\"contacts\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Entry(zip, "xl/_rels/workbook.xml.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Relationships}\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
            "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
        using (var strings = Writer(zip, "xl/sharedStrings.xml"))
        {
            // 0–5 the header, 6 "mr", 7 "+1", then 8 + 2i and 9 + 2i the names of row i.
            strings.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">");
            foreach (var text in Header.Append("mr").Append(ContactData.CountryCode))
            {
                strings.Write($"<si><t>{text}</t></si>");
            }
            for (var i = 0; i < count; i++)
            {
                strings.Write($"<si><t>{ContactData.FirstName(i)}</t></si><si><t>{ContactData.LastName(i)}</t></si>");
            }
            strings.Write("</sst>");
        }
        using var sheet = Writer(zip, "xl/worksheets/sheet1.xml");
        sheet.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\">");
        for (var c = 0; c < Header.Length; c++)
        {
            sheet.Write($"<c r=\"{(char)('A' + c)}1\" t=\"s\"><v>{c}</v></c>");
        }
        sheet.Write("</row>");
        for (var i = 0; i < count; i++)
        {
            var r = i + 2;
            sheet.Write($"<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{8 + (2 * i)}</v></c><c r=\"B{r}\" t=\"s\"><v>{9 + (2 * i)}</v></c><c r=\"C{r}\" t=\"s\"><v>6</v></c>" +
                        $"<c r=\"D{r}\"><v>{data.National(i)}</v></c><c r=\"E{r}\" t=\"s\"><v>7</v></c></row>");
        }
        sheet.Write("</sheetData></worksheet>");
        return path;
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = Writer(zip, name);
        writer.Write(text);
    }

    private static StreamWriter Writer(ZipArchive zip, string name) => new(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
}

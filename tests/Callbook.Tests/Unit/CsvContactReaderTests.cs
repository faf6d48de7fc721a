using Callbook.Import;
using Callbook.Storage;

namespace Callbook.Tests.Unit;

public sealed class CsvContactReaderTests
{
    [Fact]
    public async Task QuotedFieldsEscapedQuotesAndLineBreaksAreRead()
    {
        var rows = await ReadAsync("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\n" +
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
    [InlineData("a,b\"c\",Ms,1234567,+1,", "quote may only appear")]
    [InlineData("a,b,Ms,1234567,+1", "5 fields")]
    [InlineData("a,\"b,Ms,1234567,+1,", "not closed")]
    public async Task MalformedRowsAreRowErrors(string line, string reason)
    {
        var rows = await ReadAsync("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n" + line + "\n");
        var row = Assert.Single(rows);
        Assert.Null(row.Fields);
        Assert.Contains(reason, Assert.Single(row.Errors).Msg, StringComparison.Ordinal);
        Assert.Equal(1, row.Errors[0].Row);
    }

    [Fact]
    public async Task RowLimitStopsTheRead()
    {
        await Assert.ThrowsAsync<ImportLimitException>(() => ReadAsync(
            "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\na,b,c,1234,+1,\na,b,c,1235,+1,\n", maxRows: 1));
    }

    private static async Task<List<ImportRow>> ReadAsync(string csv, long maxRows = 100)
    {
        using var reader = new StringReader(csv);
        var (csvReader, error) = await CsvContactReader.OpenAsync(reader, maxRows, Callbook.Phones.PhoneRules.Default, TestContext.Current.CancellationToken);
        Assert.Null(error);
        var rows = new List<ImportRow>();
        await foreach (var row in csvReader!.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }
}

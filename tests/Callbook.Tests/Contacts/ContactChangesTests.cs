using Callbook.Contacts;

namespace Callbook.Tests.Contacts;

/// <summary>The history diff: only changed fields, in field order, values written as sent ('+' and 'é' unescaped).</summary>
public sealed class ContactChangesTests
{
    private static readonly ContactFields Before = new("Élodie", "Roe", "ms", new CellPhone("", "+912445612345", "+91"), "[]", """[{"handle":"@e"}]""");

    [Fact]
    public void ADiffNamesOnlyTheChangedFieldsWithBeforeAndAfter()
    {
        var after = Before with { LastName = "Doe", CellPhone = Before.CellPhone with { PhoneNumber = "+912445699999" }, AddressJson = """[{"city":"Pune"}]""" };
        Assert.Equal(
            """[{"field":"lastName","before":"Roe","after":"Doe"},{"field":"cellPhone.phoneNumber","before":"+912445612345","after":"+912445699999"},{"field":"address","before":[],"after":[{"city":"Pune"}]}]""",
            ContactChanges.Diff(Before, after));
    }

    [Fact]
    public void JsonFieldsThatDifferOnlyInFormattingAreNoChange()
    {
        Assert.Equal("[]", ContactChanges.Diff(Before, Before with { TwitterDetailsJson = """[ { "handle" : "@e" } ]""" }));
        Assert.Equal("[]", ContactChanges.Diff(Before, Before));
    }
}

using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using static Callbook.Tests.Contacts.WriteModel.Rows;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary><see cref="ContactInserts"/>: the first record wanting a number claims it, inactive ones claim none, a create lists every conflict.</summary>
public sealed class InsertRulesTests
{
    private const string A = "+911111111111";
    private const string B = "+912222222222";

    [Fact]
    public void ALaterRecordRepeatingANumberNamesTheFirstClaim()
    {
        Assert.Equal(new int?[] { null, null, 0, 0 }, ContactInserts.Repeats([A, B, A, A]));
    }

    [Fact]
    public void AnInactiveRecordNeitherClaimsNorRepeats()
    {
        Assert.Equal(new int?[] { null, null, 1, null }, ContactInserts.Repeats([A, A, A, B],
            [ContactStatus.Inactive, ContactStatus.Active, ContactStatus.Active, ContactStatus.Inactive]));
    }

    [Fact]
    public void ACreateListsRepeatsAndRefusedClaimsInIndexOrder()
    {
        string[] phones = [A, B, A, B];
        var conflicts = ContactInserts.Conflicts(phones, ContactInserts.Repeats(phones), new Dictionary<string, string?> { [B] = "c-holder" });
        Assert.Equal([new PhoneConflict(1, "c-holder", null), new PhoneConflict(2, null, 0), new PhoneConflict(3, null, 1)], conflicts);
    }

    [Fact]
    public void ACreateWithFreeNumbersHasNoConflict()
    {
        string[] phones = [A, B];
        Assert.Empty(ContactInserts.Conflicts(phones, ContactInserts.Repeats(phones), new Dictionary<string, string?>()));
    }

    [Fact]
    public void ANewContactIsVersionOneCreatedAndUpdatedNowByItsCreator()
    {
        var contact = ContactInserts.New("c-1", new StreamScope("s-1", "acc-1", "org-1"), Rows.Actor, Fields(A), Now, ContactStatus.Inactive);
        Assert.Equal(new Contact("c-1", "s-1", "acc-1", "org-1", Fields(A), ContactStatus.Inactive, "u-editor", "a-editor", Now, Now, null, null, 1), contact);
    }

    [Fact]
    public void AnImportRowWhoseNumberIsHeldIsReportedOnTheFilesPhoneColumn()
    {
        var report = new ImportReport(new ImportOptions(Partial: true, KeepCreated: false, PhoneInUse: Callbook.UseCases.ContactImport.PhoneInUse));
        report.PhoneInUse(new ImportRow(7, Fields(A), []), "c-holder");
        var error = Assert.Single(report.Errors);
        Assert.Equal(ErrorCodes.PhoneInUse, error.Code);
        Assert.Equal("cellPhoneNumber", error.Field);
        Assert.Equal(7, error.Row);
        Assert.Equal("c-holder", error.ContactId);
        Assert.Equal(1, report.Failed);
    }
}

using Callbook.Contacts;
using Callbook.Tenancy;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary>Contacts as a store would hand them to the write model.</summary>
internal static class Rows
{
    public static readonly Actor Actor = new("u-editor", "a-editor");

    public static readonly DateTimeOffset Then = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static ContactFields Fields(string phone, string lastName = "Roe") =>
        new("Ann", lastName, "", new CellPhone("", phone, "+91"), "[]", "[]");

    public static Contact Contact(string id, string phone, ContactStatus status = ContactStatus.Active, long version = 1) =>
        new(id, "s-1", "acc-1", "org-1", Fields(phone), status, "u-creator", "a-creator", Then, Then, null, null, version);

    public static Dictionary<string, Contact> Held(params Contact[] contacts) =>
        contacts.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static Dictionary<string, string> Holding(string phone, string id) => new(StringComparer.Ordinal) { [phone] = id };
}

using System.Buffers;
using System.Text.Json;
using Callbook.Api.Json;
using Callbook.Contacts;
using FsCheck;
using FsCheck.Fluent;

namespace Callbook.Tests.Api;

/// <summary>
/// The contact writer of the bulk create's answer (<see cref="ContactJson"/>) writes, byte for byte,
/// what the API's serializer writes for the same contact as a <see cref="ContactResponse"/>:
/// any stored text (quotes, escapes, non-ASCII, line breaks), with and without <c>_id</c> and the
/// updatedBy pair.
/// </summary>
public sealed class ContactJsonTests
{
    private static readonly Config Runs = PropertyRuns.Quick(500);

    [Fact]
    public void AnyStoredContactIsWrittenExactlyAsTheSerializerWritesIt()
    {
        var text = Generators.AnyText().Where(t => t.Length > 0 && ContactSearch.CanNormalize(t) && !HasLoneSurrogate(t));
        var contacts =
            from first in text
            from last in text
            from salutation in text
            from extension in text
            from changed in Gen.Elements(true, false)
            from underscore in Gen.Elements(true, false)
            from address in Gen.Elements("[]", "[{\"city\":\"Zürich\",\"note\":\"a \\\"b\\\" <c>\"}]")
            from millis in Gen.Choose(0, int.MaxValue)
            select (Contact: Make(first, last, salutation, extension, address, millis, changed), Underscore: underscore);

        Check.One(Runs, Prop.ForAll(contacts.ToArbitrary(), c =>
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(ContactResponse.From(c.Contact, c.Underscore), CallbookJson.Context.ContactResponse);
            var output = new ArrayBufferWriter<byte>();
            using (var writer = ContactJson.CreateWriter(output))
            {
                ContactJson.Write(writer, c.Contact, c.Underscore);
            }
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        }));
    }

    private static Contact Make(string first, string last, string salutation, string extension, string address, int millis, bool changed)
    {
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000L + millis);
        return new Contact(
            "6650f2a1c3d4e5f6a7b8c9d0", "st-1", "0123456789abcdef01234567", "o-1",
            new ContactFields(first, last, salutation, new CellPhone(extension, "+13175550148", "+1"), address, "[]"),
            changed ? ContactStatus.Inactive : ContactStatus.Active, "u-1", "a-1", created, created.AddSeconds(millis % 1000),
            changed ? "u-2 \"x\"" : null, changed ? "a-2" : null, changed ? 3 : 1);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}

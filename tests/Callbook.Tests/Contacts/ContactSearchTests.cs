using Callbook.Contacts;

namespace Callbook.Tests.Contacts;

public sealed class ContactSearchTests
{
    [Theory]
    [InlineData("Élodie", "elodie")]
    [InlineData("E\u0301LODIE", "elodie")]
    [InlineData("Straße", "strasse")]
    [InlineData("STRASSE", "strasse")]
    [InlineData("Дмитрий", "дмитрии")]
    [InlineData("山田", "山田")]
    [InlineData("ダイ", "ダイ")]
    [InlineData("Ｆｕｌｌ", "full")]
    public void KeysFoldCaseAccentsAndWidth(string text, string key) => Assert.Equal(key, ContactSearch.Key(text));
}

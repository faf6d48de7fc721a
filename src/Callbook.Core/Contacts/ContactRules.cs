namespace Callbook.Contacts;

/// <summary>Limits of the contract, section 4 and 5.</summary>
public static class ContactRules
{
    public const int MaxNameLength = 100;
    public const int MaxSalutationLength = 20;
    public const int MaxExtensionLength = 10;
    public const int MaxArrayItems = 10;
    public const int MaxArrayItemBytes = 4096;
    public const int MaxRecordsPerRequest = 1000;
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;
}

namespace Callbook.Webhooks;

/// <summary>The change events a webhook can subscribe to, as bits so that a subscription's choice is one integer column.</summary>
[Flags]
public enum WebhookEventTypes
{
    None = 0,
    ContactCreated = 1,
    ContactUpdated = 2,
    ContactDeleted = 4,
    ContactRestored = 8,
    /// <summary>The contact's personal data was erased for good; the event carries none of it.</summary>
    ContactErased = 16,
    All = ContactCreated | ContactUpdated | ContactDeleted | ContactRestored | ContactErased,
}

/// <summary>Event type names on the wire and the stable event id.</summary>
public static class WebhookEvents
{
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactDeleted = "contact.deleted";
    public const string ContactRestored = "contact.restored";
    public const string ContactErased = "contact.erased";

    public static IReadOnlyList<string> Names { get; } = [ContactCreated, ContactUpdated, ContactDeleted, ContactRestored, ContactErased];

    public static WebhookEventTypes? Parse(string name) => name switch
    {
        ContactCreated => WebhookEventTypes.ContactCreated,
        ContactUpdated => WebhookEventTypes.ContactUpdated,
        ContactDeleted => WebhookEventTypes.ContactDeleted,
        ContactRestored => WebhookEventTypes.ContactRestored,
        ContactErased => WebhookEventTypes.ContactErased,
        _ => null,
    };

    /// <summary>The wire name of one event type.</summary>
    public static string Name(WebhookEventTypes type) => type switch
    {
        WebhookEventTypes.ContactCreated => ContactCreated,
        WebhookEventTypes.ContactUpdated => ContactUpdated,
        WebhookEventTypes.ContactDeleted => ContactDeleted,
        WebhookEventTypes.ContactRestored => ContactRestored,
        WebhookEventTypes.ContactErased => ContactErased,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "one event type"),
    };

    /// <summary>The event of a history operation (updated, deleted, restored, erased).</summary>
    public static WebhookEventTypes FromOperation(string operation) => operation switch
    {
        Stores.HistoryOperations.Created => WebhookEventTypes.ContactCreated,
        Stores.HistoryOperations.Updated => WebhookEventTypes.ContactUpdated,
        Stores.HistoryOperations.Deleted => WebhookEventTypes.ContactDeleted,
        Stores.HistoryOperations.Restored => WebhookEventTypes.ContactRestored,
        Stores.HistoryOperations.Erased => WebhookEventTypes.ContactErased,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "a history operation"),
    };

    /// <summary>The names of the set bits, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<string> ToNames(WebhookEventTypes events) =>
        [.. Names.Where(name => (events & Parse(name)!.Value) != 0)];

    /// <summary>
    /// The id of the change that brought a contact to <paramref name="version"/>: the same for every
    /// subscription and every attempt, so receivers can drop duplicates by it.
    /// </summary>
    public static string EventId(string contactId, long version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ev-{contactId}-{version}");
}

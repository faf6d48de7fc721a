using Callbook.Stores;

namespace Callbook.UseCases;

/// <summary>The installation's cursor signing key, read once from the database (shared by every node).</summary>
public sealed class CursorKey(ICallbookDatabase database)
{
    private readonly Lazy<Task<byte[]>> key = new(() => database.GetOrCreateSecretAsync("cursor-key", CancellationToken.None));

    public Task<byte[]> GetAsync() => key.Value;
}

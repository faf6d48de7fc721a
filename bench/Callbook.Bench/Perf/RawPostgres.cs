using Npgsql;
using NpgsqlTypes;

namespace Callbook.Bench.Perf;

/// <summary>The raw baseline on the server's PostgreSQL database: binary COPY (insert) and unnest (update), one transaction per 1,000.</summary>
public sealed class RawPostgres(string connectionString) : RawStore
{
    private const string Columns =
        "id, stream_id, account_id, org_id, first_name, last_name, salutation, phone_extension, phone_number, phone_country_code, " +
        "status, address, twitter_details, created_by, created_by_aid, created_at, updated_at, version, search_full, search_last";

    private readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    public override async Task RemoveStreamAsync(string streamId)
    {
        await using (var delete = source.CreateCommand("DELETE FROM contacts WHERE stream_id = $1"))
        {
            delete.Parameters.AddWithValue(streamId);
            await delete.ExecuteNonQueryAsync();
        }
        await using var vacuum = source.CreateCommand("VACUUM ANALYZE contacts");
        await vacuum.ExecuteNonQueryAsync();
    }

    public override async Task<long> CountActiveAsync(string streamId)
    {
        await using var count = source.CreateCommand("SELECT count(*) FROM contacts WHERE stream_id = $1 AND status = 'ACTIVE'");
        count.Parameters.AddWithValue(streamId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync() => source.DisposeAsync();

    protected override async Task InsertBatchAsync(string streamId, List<RawRow> rows, long now)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY contacts (" + Columns + ") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                foreach (var text in (string[])[row.Id, streamId, AccountId, OrgId, row.First, row.Last, "mr", "", row.Phone, "+1", "ACTIVE", "[]", "[]", UserId, ActorId])
                {
                    await copy.WriteAsync(text, NpgsqlDbType.Text);
                }
                await copy.WriteAsync(now, NpgsqlDbType.Bigint);
                await copy.WriteAsync(now, NpgsqlDbType.Bigint);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(row.SearchFull, NpgsqlDbType.Text);
                await copy.WriteAsync(row.SearchLast, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await tx.CommitAsync();
    }

    protected override async Task UpdateBatchAsync(List<RawRow> rows, long now)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE contacts c SET first_name = u.first, last_name = u.last, salutation = 'mr', phone_extension = '', phone_number = u.phone, " +
            "phone_country_code = '+1', address = '[]', twitter_details = '[]', search_full = u.sf, search_last = u.sl, " +
            "updated_at = $1, updated_by = $2, updated_by_aid = $3, version = c.version + 1 " +
            "FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, first, last, phone, sf, sl) WHERE c.id = u.id", connection, tx);
        update.Parameters.AddWithValue(now);
        update.Parameters.AddWithValue(UserId);
        update.Parameters.AddWithValue(ActorId);
        update.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
        update.Parameters.AddWithValue(rows.Select(r => r.First).ToArray());
        update.Parameters.AddWithValue(rows.Select(r => r.Last).ToArray());
        update.Parameters.AddWithValue(rows.Select(r => r.Phone).ToArray());
        update.Parameters.AddWithValue(rows.Select(r => r.SearchFull).ToArray());
        update.Parameters.AddWithValue(rows.Select(r => r.SearchLast).ToArray());
        await update.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    protected override async Task DeleteBatchAsync(List<string> ids, long now)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var delete = new NpgsqlCommand(
            "UPDATE contacts SET status = 'INACTIVE', updated_at = $1, updated_by = $2, updated_by_aid = $3, version = version + 1 WHERE id = ANY($4)", connection, tx);
        delete.Parameters.AddWithValue(now);
        delete.Parameters.AddWithValue(UserId);
        delete.Parameters.AddWithValue(ActorId);
        delete.Parameters.AddWithValue(ids.ToArray());
        await delete.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}

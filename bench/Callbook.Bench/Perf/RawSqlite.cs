using Microsoft.Data.Sqlite;

namespace Callbook.Bench.Perf;

/// <summary>The raw baseline on the server's SQLite file: prepared statements, WAL, synchronous=FULL like the server.</summary>
public sealed class RawSqlite : RawStore
{
    private const string Columns =
        "id, stream_id, account_id, org_id, first_name, last_name, salutation, phone_extension, phone_number, phone_country_code, " +
        "status, address, twitter_details, created_by, created_by_aid, created_at, updated_at, version, search_full, search_last";

    private readonly SqliteConnection connection;

    public RawSqlite(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ConnectionString);
        connection.Open();
        Execute("PRAGMA synchronous=FULL");
    }

    public override Task RemoveStreamAsync(string streamId)
    {
        Execute("DELETE FROM contacts WHERE stream_id = $s", streamId);
        Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return Task.CompletedTask;
    }

    public override Task<long> CountActiveAsync(string streamId)
    {
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM contacts WHERE stream_id = $s AND status = 'ACTIVE'";
        count.Parameters.AddWithValue("$s", streamId);
        return Task.FromResult((long)count.ExecuteScalar()!);
    }

    public override ValueTask DisposeAsync() => connection.DisposeAsync();

    protected override Task InsertBatchAsync(string streamId, List<RawRow> rows, long now)
    {
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO contacts (" + Columns + ") VALUES ($id, $stream, $account, $org, $first, $last, 'mr', '', $phone, '+1', " +
                             "'ACTIVE', '[]', '[]', $user, $app, $now, $now, 1, $sf, $sl)";
        insert.Parameters.AddWithValue("$stream", streamId);
        insert.Parameters.AddWithValue("$account", AccountId);
        insert.Parameters.AddWithValue("$org", OrgId);
        insert.Parameters.AddWithValue("$user", UserId);
        insert.Parameters.AddWithValue("$app", ActorId);
        insert.Parameters.AddWithValue("$now", now);
        var (id, first, last, phone, sf, sl) = (insert.Parameters.Add("$id", SqliteType.Text), insert.Parameters.Add("$first", SqliteType.Text),
            insert.Parameters.Add("$last", SqliteType.Text), insert.Parameters.Add("$phone", SqliteType.Text),
            insert.Parameters.Add("$sf", SqliteType.Text), insert.Parameters.Add("$sl", SqliteType.Text));
        insert.Prepare();
        foreach (var row in rows)
        {
            (id.Value, first.Value, last.Value, phone.Value, sf.Value, sl.Value) = (row.Id, row.First, row.Last, row.Phone, row.SearchFull, row.SearchLast);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    protected override Task UpdateBatchAsync(List<RawRow> rows, long now)
    {
        using var tx = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE contacts SET first_name = $first, last_name = $last, salutation = 'mr', phone_extension = '', phone_number = $phone, " +
                             "phone_country_code = '+1', address = '[]', twitter_details = '[]', search_full = $sf, search_last = $sl, " +
                             "updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 WHERE id = $id";
        update.Parameters.AddWithValue("$now", now);
        update.Parameters.AddWithValue("$user", UserId);
        update.Parameters.AddWithValue("$app", ActorId);
        var (id, first, last, phone, sf, sl) = (update.Parameters.Add("$id", SqliteType.Text), update.Parameters.Add("$first", SqliteType.Text),
            update.Parameters.Add("$last", SqliteType.Text), update.Parameters.Add("$phone", SqliteType.Text),
            update.Parameters.Add("$sf", SqliteType.Text), update.Parameters.Add("$sl", SqliteType.Text));
        update.Prepare();
        foreach (var row in rows)
        {
            (id.Value, first.Value, last.Value, phone.Value, sf.Value, sl.Value) = (row.Id, row.First, row.Last, row.Phone, row.SearchFull, row.SearchLast);
            update.ExecuteNonQuery();
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    protected override Task DeleteBatchAsync(List<string> ids, long now)
    {
        using var tx = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.Transaction = tx;
        delete.CommandText = "UPDATE contacts SET status = 'INACTIVE', updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 WHERE id = $id";
        delete.Parameters.AddWithValue("$now", now);
        delete.Parameters.AddWithValue("$user", UserId);
        delete.Parameters.AddWithValue("$app", ActorId);
        var id = delete.Parameters.Add("$id", SqliteType.Text);
        delete.Prepare();
        foreach (var value in ids)
        {
            id.Value = value;
            delete.ExecuteNonQuery();
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    private void Execute(string sql, string? value = null)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL of this file
        command.CommandText = sql;
#pragma warning restore CA2100
        if (value is not null)
        {
            command.Parameters.AddWithValue("$s", value);
        }
        command.ExecuteNonQuery();
    }
}

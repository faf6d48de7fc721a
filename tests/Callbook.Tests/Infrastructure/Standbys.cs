using System.Diagnostics;
using Npgsql;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// The streaming hot standbys scripts/test-with-postgres.sh starts beside its primary: a shared one
/// (CALLBOOK_TEST_POSTGRES_STANDBY) and a spare one that a test may stop and start again
/// (CALLBOOK_TEST_POSTGRES_SPARE_STANDBY, through the script CALLBOOK_TEST_POSTGRES_SPARE_CTL). Both
/// replicate the whole primary, so every test database exists on them too. Without them the tests
/// that need one are skipped, with the reason.
/// </summary>
public static class Standbys
{
    public const string StandbyVariable = "CALLBOOK_TEST_POSTGRES_STANDBY";
    public const string SpareVariable = "CALLBOOK_TEST_POSTGRES_SPARE_STANDBY";
    public const string SpareControlVariable = "CALLBOOK_TEST_POSTGRES_SPARE_CTL";

    /// <summary>The shared standby's connection string for the test database <paramref name="db"/>.</summary>
    public static string Shared(string db) => ForDatabase(Required(StandbyVariable), db);

    /// <summary>The spare standby's connection string for the test database <paramref name="db"/>; only one test stops it.</summary>
    public static string Spare(string db)
    {
        Required(SpareControlVariable);
        return ForDatabase(Required(SpareVariable), db);
    }

    /// <summary>Waits until <paramref name="standby"/> has replayed everything the primary had written when this was called.</summary>
    public static async Task WaitForReplayAsync(string primary, string standby)
    {
        var target = (string)(await ScalarAsync(primary, "SELECT pg_current_wal_lsn()::text"))!;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((bool)(await ScalarAsync(standby, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target))!)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // A standby starting up again refuses connections for a moment.
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"the standby did not replay up to {target} within 60 s");
    }

    /// <summary>Stops replaying on the standby: what its readers see stays as it is until <see cref="ResumeReplayAsync"/>.</summary>
    public static async Task PauseReplayAsync(string standby)
    {
        await ScalarAsync(standby, "SELECT pg_wal_replay_pause()");
        for (var attempt = 0; attempt < 600 && (string)(await ScalarAsync(standby, "SELECT pg_get_wal_replay_pause_state()"))! != "paused"; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static Task ResumeReplayAsync(string standby) => ScalarAsync(standby, "SELECT pg_wal_replay_resume()");

    /// <summary>How many sessions of <paramref name="applicationName"/> the server of <paramref name="connectionString"/> has on its database.</summary>
    public static async Task<long> SessionsAsync(string connectionString, string applicationName)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        return (long)(await ScalarAsync(connectionString,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", database, applicationName))!;
    }

    /// <summary>Stops (fast shutdown: its sessions are ended) or starts the spare standby, as its owner.</summary>
    public static async Task ControlSpareAsync(string action)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Required(SpareControlVariable));
        info.ArgumentList.Add(action);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"spare standby {action} failed: {await output} {await errors}");
    }

    private static string Required(string variable)
    {
        Backends.SkipIfUnavailable(Backends.Postgres);
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
        {
            return value;
        }
        Assert.Skip($"No PostgreSQL standby is configured: set {variable} (scripts/test-with-postgres.sh starts streaming standbys and sets it) to run these cases.");
        return "";
    }

    private static string ForDatabase(string standby, string db) =>
        new NpgsqlConnectionStringBuilder(standby) { Database = new NpgsqlConnectionStringBuilder(db).Database }.ConnectionString;

    private static async Task<object?> ScalarAsync(string connectionString, string sql, params object[] values)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}

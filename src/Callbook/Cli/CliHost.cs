using System.Security.Cryptography;
using Callbook.Hosting;
using Callbook.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Callbook.Cli;

/// <summary>
/// How every CLI command reaches the database: the host <c>serve</c> builds
/// (<see cref="CallbookHost.CreateBuilder"/>: same --db / Callbook:Db / CALLBOOK_DB, key ring,
/// limits and webhook settings), a refusal to create a SQLite file that does not exist, and one
/// "using …" line on standard error naming the database. Standard output stays the command's result.
/// </summary>
internal static class CliHost
{
    /// <summary>Runs <paramref name="work"/> on the configured database, migrated; an admin command calls this.</summary>
    /// <param name="db">The command's --db value; null: configuration as <c>serve</c> reads it.</param>
    /// <param name="mayCreate">True for commands that set up a new installation (<c>init</c>): a missing SQLite file is created, and said so.</param>
    /// <exception cref="CliException">The database does not exist, or the key ring cannot decrypt its secrets.</exception>
    public static async Task<T> WithDatabaseAsync<T>(string? db, Func<CliServices, Task<T>> work, CancellationToken cancellationToken, bool mayCreate = false)
    {
        var builder = CallbookHost.CreateBuilder([], db is null ? new Dictionary<string, string?>() : new() { ["Callbook:Db"] = db });
        // The CLI's standard output is its result: only errors are logged, to standard error. Data
        // Protection's are left out: a key ring that does not fit becomes the one line below.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter((category, level) => level >= LogLevel.Error && category?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) != true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        await using var host = builder.Build();
        var location = host.Services.GetRequiredService<DatabaseLocation>();
        if (!location.Existed)
        {
            if (!mayCreate)
            {
                throw new CliException($"no database at {location.SqlitePath}: nothing was created. Start `callbook serve` or run `callbook init` to create one, " +
                    "or name the one you use with --db, CALLBOOK_DB or Callbook__Db");
            }
            await Console.Error.WriteLineAsync($"callbook: creating a new database: {location.Description}");
        }
        await Console.Error.WriteLineAsync($"callbook: using {location.Description}");
        var database = host.Services.GetRequiredService<ICallbookDatabase>();
        try
        {
            await database.MigrateAsync(cancellationToken);
            return await work(new CliServices(host.Services, database, location));
        }
        catch (CryptographicException e)
        {
            throw new CliException($"the key ring at {location.KeysPath} cannot decrypt this database's secrets ({OneLine(e.Message)}): " +
                "point Callbook__KeysPath or CALLBOOK_KEYS at the key ring serve uses", e);
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException)
        {
            throw new CliException($"cannot use {location.Description}: {OneLine(e.InnerException is { } inner ? e.Message + " " + inner.Message : e.Message)}", e);
        }
    }

    /// <summary>The one line a command prints for a configuration fault instead of a stack trace; null for a fault that is a bug.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        CliException e => e.Message,
        OptionsValidationException e => "invalid configuration: " + string.Join("; ", e.Failures),
        // The configuration binder: a value that is not of its setting's type, e.g. Callbook__Webhooks__MaxPerStream=abc.
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            "invalid configuration: " + OneLine(e.Message),
        ArgumentException or NpgsqlException or SqliteException or CryptographicException or UnauthorizedAccessException or IOException => OneLine(exception.Message),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>What an admin command works with: the services of the shared host, its database and where it is.</summary>
internal sealed record CliServices(IServiceProvider Services, ICallbookDatabase Database, DatabaseLocation Location)
{
    /// <summary>Bound and validated options, as <c>serve</c> sees them.</summary>
    public T Options<T>() where T : class => Services.GetRequiredService<IOptions<T>>().Value;
}

/// <summary>A command cannot run; its message is the one line printed on standard error (exit code 2).</summary>
internal sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);

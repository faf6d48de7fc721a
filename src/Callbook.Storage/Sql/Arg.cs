using System.Data;
using System.Data.Common;

namespace Callbook.Storage.Sql;

/// <summary>
/// One typed parameter of the shared SQL, written <c>@name</c> in the statement text (both
/// Microsoft.Data.Sqlite and Npgsql bind that form). The type is explicit so that a NULL still has
/// one: PostgreSQL refuses <c>@x IS NULL</c> or <c>coalesce(@x, col)</c> with an untyped NULL.
/// </summary>
internal readonly record struct Arg(string Name, object? Value, DbType? Type)
{
    public static Arg Text(string name, string? value) => new(name, value, DbType.String);

    public static Arg Int(string name, int? value) => new(name, value, DbType.Int32);

    /// <summary>A bigint; times are Unix milliseconds in both schemas.</summary>
    public static Arg Long(string name, long? value) => new(name, value, DbType.Int64);

    /// <summary>A flag: SQLite binds it as 0/1 in its INTEGER columns, PostgreSQL as boolean.</summary>
    public static Arg Bool(string name, bool value) => new(name, value, DbType.Boolean);

    public static Arg Bytes(string name, byte[] value) => new(name, value, DbType.Binary);

    /// <summary>A value the backend's driver types itself (e.g. a PostgreSQL text[]); never null.</summary>
    public static Arg Native(string name, object value) => new(name, value, null);

    /// <summary>Adds this value to <paramref name="command"/>.</summary>
    public void AddTo(DbCommand command)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = Name;
        if (Type is { } type)
        {
            parameter.DbType = type;
        }
        parameter.Value = Value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

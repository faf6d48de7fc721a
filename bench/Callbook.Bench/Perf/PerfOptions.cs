using System.Globalization;

namespace Callbook.Bench.Perf;

/// <summary>
/// What bench/run.sh hands the driver: the server to start, its database, the tenant made by
/// `callbook init`, a second stream of that app for the import, and the sizes.
/// <c>--only lookup</c> (<see cref="LookupOnly"/>) runs the warm-up, the CSV import that fills the
/// lookup's stream (untimed) and #3 alone: before/after runs of the caller lookup, also against an
/// older build's server (bench/run.sh --server).
/// </summary>
public sealed record PerfOptions(
    string Callbook, string Db, string Store, string Account, string Stream, string ImportStream,
    string ClientId, string Secret, string Work, bool Quick, string? Trace, int Divide = 1, string? Only = null)
{
    /// <summary>Full sizes are the issue's; --quick divides them by 50 (a CI smoke test, never judged on timings), --divide N by N.</summary>
    public int Scale => Quick ? 50 : Divide;

    public int CreateContacts => 200_000 / Scale;

    public int ImportRows => 1_000_000 / Scale;

    public int ChangeContacts => 100_000 / Scale;

    public int ListDepth => 900_000 / Scale;

    /// <summary>--only import: just the idle figure, the warm-up and #2 (CSV and .xlsx import), for before/after runs of the import.</summary>
    public bool ImportOnly => Only == "import";

    /// <summary>--only create: just the idle figure, the warm-up and #1 (bulk create), for before/after runs of the bulk create.</summary>
    public bool CreateOnly => Only == "create";

    /// <summary>--only lookup: the warm-up, the import that fills the lookup's stream (untimed) and #3, for before/after runs of the lookup.</summary>
    public bool LookupOnly => Only == "lookup";

    /// <summary>--only list: the warm-up, #1, the import that fills the list's stream (untimed), #4 and #9, for before/after runs of the list.</summary>
    public bool ListOnly => Only == "list";

    public TimeSpan LoadDuration => TimeSpan.FromSeconds(Quick ? 1 : 5);

    public static PerfOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (i + 1 < args.Length)
            {
                values[args[i].TrimStart('-')] = args[++i];
            }
        }
        string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        return new PerfOptions(Get("callbook"), Get("db"), Get("store"), Get("account"), Get("stream"), Get("import-stream"),
            Get("client-id"), Get("secret"), Get("work"), quick, values.GetValueOrDefault("trace"),
            values.TryGetValue("divide", out var d) ? int.Parse(d, CultureInfo.InvariantCulture) : 1,
            values.GetValueOrDefault("only") switch
            {
                null or "create" or "import" or "lookup" or "list" => values.GetValueOrDefault("only"),
                var other => throw new ArgumentException($"--only {other}: 'create', 'import', 'lookup' or 'list'"),
            });
    }

    public static string F(double value, string format = "F0") => value.ToString(format, CultureInfo.InvariantCulture);
}

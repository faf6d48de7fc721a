using System.Globalization;

namespace Callbook.Bench.Perf;

/// <summary>One line of the table: a figure, what it is measured against in the same run, and the target.</summary>
public sealed record Row(string Number, string Workload, string Figure, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>Collects the rows of one store; progress goes to stderr, the table rows to stdout.</summary>
public sealed class Report(string store)
{
    private readonly List<Row> rows = [];

    public void Add(Row row)
    {
        rows.Add(row);
        Console.Error.WriteLine($"[{store}] {row.Number} {row.Workload}: {row.Figure} | {row.Baseline} | {row.Ratio} | {(row.Met is null ? "" : row.Met.Value ? "met" : "MISSED")}");
    }

    /// <summary>A throughput pair: figure / baseline against a minimum ratio.</summary>
    public void AddRatio(string number, string workload, string unit, double figure, double baseline, string baselineName, double minimum, string extra = "")
    {
        var ratio = figure / baseline;
        Add(new Row(number, workload, $"{PerfOptions.F(figure)} {unit}{extra}", $"{baselineName}: {PerfOptions.F(baseline)} {unit}",
            ratio.ToString("F2", CultureInfo.InvariantCulture) + "×", $"≥ {minimum.ToString("0.0#", CultureInfo.InvariantCulture)}×", ratio >= minimum));
    }

    public const string Header =
        "| store | # | workload | figure | measured against, same run | ratio | target | met |\n|---|---|---|---|---|---|---|---|";

    /// <summary>The rows of this store (bench/run.sh prints <see cref="Header"/> once above all stores' rows).</summary>
    public void Print(TextWriter output)
    {
        foreach (var row in rows)
        {
            output.WriteLine($"| {store} | {row.Number} | {row.Workload} | {row.Figure} | {row.Baseline} | {row.Ratio} | {row.Target} | {(row.Met is null ? "—" : row.Met.Value ? "yes" : "**no**")} |");
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Callbook.Hosting.Metrics;

/// <summary>
/// Listens to the "Callbook" meter and keeps running totals (counters) and bucketed histograms,
/// which <see cref="Write"/> renders in the Prometheus text exposition format.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Histogram> histograms = new();
    private readonly ConcurrentDictionary<string, (string Type, string Help)> descriptions = new();

    public PrometheusExporter(CallbookMetrics metrics)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                descriptions[instrument.Name] = (instrument is Histogram<double> ? "histogram" : "counter", instrument.Description ?? instrument.Name);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            counters.AddOrUpdate((instrument.Name, Labels(tags)), value, (_, total) => total + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            histograms.GetOrAdd((instrument.Name, Labels(tags)), _ => new Histogram()).Record(value));
        listener.Start();
    }

    /// <summary>Renders every series, plus gauges computed at scrape time (e.g. contacts by status).</summary>
    public string Write(IEnumerable<(string Name, string Help, string Labels, double Value)> gauges)
    {
        var text = new StringBuilder();
        foreach (var group in counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Header(text, group.Key);
            foreach (var ((name, labels), value) in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(name).Append(Braces(labels)).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        foreach (var group in histograms.GroupBy(h => h.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Header(text, group.Key);
            foreach (var ((name, labels), histogram) in group.OrderBy(h => h.Key.Labels, StringComparer.Ordinal))
            {
                histogram.Write(text, name, labels);
            }
        }
        foreach (var gauge in gauges.GroupBy(g => g.Name))
        {
            text.Append("# HELP ").Append(gauge.Key).Append(' ').Append(gauge.First().Help).Append("\n# TYPE ").Append(gauge.Key).Append(" gauge\n");
            foreach (var (name, _, labels, value) in gauge)
            {
                text.Append(name).Append(Braces(labels)).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.ToString();
    }

    public void Dispose() => listener.Dispose();

    public static string Label(string name, string value) =>
        name + "=\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private void Header(StringBuilder text, string name)
    {
        var (type, help) = descriptions.GetValueOrDefault(name, ("untyped", name));
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add(Label(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private sealed class Histogram
    {
        private readonly long[] counts = new long[Buckets.Length + 1];
        private readonly Lock gate = new();
        private double sum;

        public void Record(double value)
        {
            lock (gate)
            {
                var i = Array.FindIndex(Buckets, b => value <= b);
                counts[i < 0 ? Buckets.Length : i]++;
                sum += value;
            }
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            lock (gate)
            {
                var prefix = labels.Length == 0 ? "" : labels + ",";
                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += counts[i];
                    text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                cumulative += counts[^1];
                text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(sum.ToString(CultureInfo.InvariantCulture)).Append('\n');
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }
}

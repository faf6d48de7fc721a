using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Callbook.Hosting.Metrics;

/// <summary>
/// Listens to this host's "Callbook" meter, the runtime's "System.Runtime" meter (GC, heap, CPU,
/// thread pool, exceptions) and this host's Kestrel meter (connections), and keeps running totals
/// (counters), last values (gauges, read at scrape time) and bucketed histograms, which
/// <see cref="Write"/> renders in the Prometheus text exposition format. Instrument names become
/// Prometheus names: dots become underscores, seconds and bytes are suffixed, counters end in _total.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string RuntimeMeter = "System.Runtime";
    public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Histogram> histograms = new();
    private readonly ConcurrentDictionary<string, (string Type, string Help)> descriptions = new();
    private readonly ConcurrentDictionary<Instrument, string> names = new();

    public PrometheusExporter(CallbookMetrics metrics, IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            var meter = instrument.Meter;
            // Meters made by this host's factory only: several hosts may share a process (tests).
            if (ReferenceEquals(meter, metrics.Meter) || meter.Name == RuntimeMeter ||
                (meter.Name == KestrelMeter && ReferenceEquals(meter.Scope, meterFactory)))
            {
                var name = PrometheusName(instrument);
                names[instrument] = name;
                descriptions[name] = (TypeOf(instrument), instrument.Description ?? instrument.Name);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    /// <summary>Renders every series, plus gauges computed at scrape time (e.g. contacts by status).</summary>
    public string Write(IEnumerable<(string Name, string Help, string Labels, double Value)> gauges)
    {
        listener.RecordObservableInstruments();
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

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!names.TryGetValue(instrument, out var name))
        {
            return;
        }
        var key = (name, Labels(tags));
        if (instrument.IsObservable)
        {
            counters[key] = value; // observable instruments report the current total or value
        }
        else if (instrument is Histogram<double> or Histogram<long> or Histogram<int>)
        {
            histograms.GetOrAdd(key, _ => new Histogram()).Record(value);
        }
        else
        {
            counters.AddOrUpdate(key, value, (_, total) => total + value);
        }
    }

    private static string TypeOf(Instrument instrument) => instrument switch
    {
        Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
        Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => "counter",
        _ => "gauge",
    };

    /// <summary>dotnet.gc.pause.time (s, counter) becomes dotnet_gc_pause_time_seconds_total.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        var unit = instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }
        if (TypeOf(instrument) == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

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
            parts.Add(Label(tag.Key.Replace('.', '_'), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
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

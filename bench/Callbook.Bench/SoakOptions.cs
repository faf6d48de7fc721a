using System.Globalization;

namespace Callbook.Bench;

/// <summary>Where and how hard the soak run drives the server.</summary>
public sealed record SoakOptions(string Url, string Account, string Stream, string ClientId, string Secret, double Minutes, double Rps, int? Pid)
{
    public static SoakOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        return new SoakOptions(
            Get("url"), Get("account"), Get("stream"), Get("client-id"), Get("secret"),
            values.TryGetValue("minutes", out var m) ? double.Parse(m, CultureInfo.InvariantCulture) : 10,
            values.TryGetValue("rps", out var r) ? double.Parse(r, CultureInfo.InvariantCulture) : 11,
            values.TryGetValue("pid", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : null);
    }
}

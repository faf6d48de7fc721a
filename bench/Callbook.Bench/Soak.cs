using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Callbook.Api.Auth;

namespace Callbook.Bench;

/// <summary>
/// Mixed traffic at the edge of the rate limit for a fixed time (caller lookups, lists, searches,
/// creates, updates, bulk updates, deletes, restores, exports), counting answers by status and
/// sampling the server's resident memory. Passes when nothing but 2xx and 429 came back.
/// </summary>
public static class Soak
{
    public static async Task<int> RunAsync(SoakOptions o)
    {
        using var http = new HttpClient { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("accountId", o.Account);
        var contacts = $"/agentassist/api/v1/public/{o.Stream}/contacts";
        var statuses = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        var rss = new List<(TimeSpan At, long Kb)>();
        var live = new List<(string Id, string Phone)>();
        var deleted = new Queue<string>();
        var random = new Random(42);
        var next = 30_000_000;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromMinutes(o.Minutes);
        var interval = TimeSpan.FromSeconds(1 / o.Rps);
        var token = Tokens.Issue(o.ClientId, o.Secret, end + TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);
        http.DefaultRequestHeaders.Add("auth", token);
        var sampled = TimeSpan.Zero;

        for (var n = 0; clock.Elapsed < end; n++)
        {
            var due = interval * n;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            if (o.Pid is { } pid && clock.Elapsed - sampled >= TimeSpan.FromSeconds(10))
            {
                rss.Add((clock.Elapsed, ReadRssKb(pid)));
                sampled = clock.Elapsed;
            }
            var roll = random.Next(100);
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage answer;
            string op;
            if (live.Count < 50 || roll < 12)
            {
                op = "create";
                var phone = (next++).ToString(CultureInfo.InvariantCulture);
                answer = await http.PostAsync(contacts, Json($$$"""[{"firstName":"soak{{{phone}}}","lastName":"load","salutation":"mr","cellPhone":{"extension":"","phoneNumber":"{{{phone}}}","countryCode":"+1"}}]"""));
                if (answer.StatusCode == HttpStatusCode.Created)
                {
                    var body = await answer.Content.ReadAsStringAsync();
                    live.Add((body[8..32], phone));
                }
            }
            else if (roll < 50)
            {
                op = "lookup";
                var phone = live[random.Next(live.Count)].Phone;
                answer = await http.GetAsync($"{contacts}?phone=%2B1 {phone[..3]}-{phone[3..]}");
            }
            else if (roll < 62)
            {
                op = "list";
                answer = await http.GetAsync($"{contacts}?limit=100&skip={random.Next(live.Count)}");
            }
            else if (roll < 72)
            {
                op = "search";
                answer = await http.GetAsync($"{contacts}?q=soak{next - random.Next(1, 50)}");
            }
            else if (roll < 82)
            {
                op = "update";
                var (id, phone) = live[random.Next(live.Count)];
                answer = await http.PutAsync($"{contacts}/{id}", Json($$$"""{"firstName":"soak{{{phone}}}","lastName":"upd{{{n}}}","salutation":"dr","cellPhone":{"extension":"","phoneNumber":"{{{phone}}}","countryCode":"+1"}}"""));
            }
            else if (roll < 87)
            {
                op = "bulk-update";
                var picked = live.OrderBy(_ => random.Next()).Take(50).Select(c =>
                    $$$"""{"id":"{{{c.Id}}}","firstName":"soak{{{c.Phone}}}","lastName":"bulk{{{n}}}","salutation":"ms","cellPhone":{"extension":"","phoneNumber":"{{{c.Phone}}}","countryCode":"+1"}}""");
                answer = await http.PutAsync($"{contacts}/bulk-update", Json("[" + string.Join(',', picked) + "]"));
            }
            else if (roll < 93)
            {
                op = "delete";
                var index = random.Next(live.Count);
                var id = live[index].Id;
                answer = await http.DeleteAsync($"{contacts}/{id}");
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    live.RemoveAt(index);
                    deleted.Enqueue(id);
                }
            }
            else if (roll < 98 && deleted.Count > 0)
            {
                op = "restore";
                var id = deleted.Peek();
                answer = await http.PostAsync($"{contacts}/{id}/restore", null);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    deleted.Dequeue();
                }
            }
            else
            {
                op = "export";
                answer = await http.GetAsync($"{contacts}/export");
            }
            await answer.Content.LoadIntoBufferAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.AddOrUpdate($"{op} {(int)answer.StatusCode}", 1, (_, c) => c + 1);
        }

        return Report(o, statuses, latencies, rss, clock.Elapsed);
    }

    private static int Report(SoakOptions o, ConcurrentDictionary<string, int> statuses, ConcurrentBag<double> latencies, List<(TimeSpan At, long Kb)> rss, TimeSpan elapsed)
    {
        var total = statuses.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {elapsed.TotalMinutes:F1} min, {total} requests ({total / elapsed.TotalSeconds:F1}/s, target {o.Rps}/s)"));
        Console.WriteLine("| operation | status | count |\n|---|---|---|");
        foreach (var (key, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var parts = key.Split(' ');
            Console.WriteLine($"| {parts[0]} | {parts[1]} | {count} |");
        }
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms: p50 {sorted[sorted.Length / 2]:F1}, p99 {sorted[(int)(sorted.Length * 0.99)]:F1}, max {sorted[^1]:F1}"));
        var unexpected = statuses.Where(s => !(s.Key.EndsWith(" 200", StringComparison.Ordinal) || s.Key.EndsWith(" 201", StringComparison.Ordinal) || s.Key.EndsWith(" 429", StringComparison.Ordinal))).Sum(s => s.Value);
        var stable = true;
        if (rss.Count >= 4)
        {
            var early = rss.Take(rss.Count / 3).Max(r => r.Kb);
            var late = rss.Skip(2 * rss.Count / 3).Max(r => r.Kb);
            stable = late <= early * 1.25 + 16 * 1024;
            Console.WriteLine($"server RSS MB: first {rss[0].Kb / 1024}, early max {early / 1024}, late max {late / 1024}, last {rss[^1].Kb / 1024} → {(stable ? "stable" : "GROWING")}");
        }
        Console.WriteLine(unexpected == 0 && stable ? "PASS: only 2xx and 429, memory stable" : $"FAIL: {unexpected} unexpected answers, memory {(stable ? "stable" : "growing")}");
        return unexpected == 0 && stable ? 0 : 1;
    }

    private static long ReadRssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

using System.Diagnostics;
using System.Globalization;
using Callbook.Phones;

namespace Callbook.Bench;

/// <summary>
/// `Callbook.Bench phones`: how long reading one `?phone=` value takes (<see cref="PhoneQuery.Candidates(string, string?, out IReadOnlyList{string})"/>),
/// per kind of input, next to libphonenumber's full parse of the same E.164 number in the same run
/// (the shortcut's baseline). Single thread, in-process, after a warm-up; µs and bytes allocated per call.
/// </summary>
public static class PhoneReadBench
{
    private const int Calls = 200_000;

    public static int Run()
    {
        // Distinct numbers, as the caller lookup benchmark sends (random imported +1 numbers).
        var e164 = Enumerable.Range(0, 1024).Select(i => "+1" + (3_000_000_000L + (i * 977)).ToString(CultureInfo.InvariantCulture)).ToArray();
        var cases = new (string Name, Func<int, object?> Call)[]
        {
            ("libphonenumber parse + format of +1… (baseline)", i => PhoneLibrary.Parse(1, e164[i & 1023][2..], writtenNationally: false)),
            ("?phone=+1… (E.164, the caller-id case)", i => Read(e164[i & 1023], null)),
            ("?phone=+44 7700 900123 (spaced)", _ => Read("+44 7700 900123", null)),
            ("?phone=tel:+1-317-555-0148", _ => Read("tel:+1-317-555-0148", null)),
            ("?phone=\u202d+44 7700 900123\u202c (direction marks)", _ => Read("\u202d+44 7700 900123\u202c", null)),
            ("?phone=07700900123&countryCode=+44 (national)", _ => Read("07700900123", "+44")),
            ("?phone=+4407700900123 (trunk 0 after the code)", _ => Read("+4407700900123", null)),
        };
        Console.WriteLine("| input | µs per call | bytes per call | vs baseline |");
        Console.WriteLine("|---|---|---|---|");
        double? baseline = null;
        foreach (var (name, call) in cases)
        {
            for (var i = 0; i < Calls / 10; i++)
            {
                call(i);
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++)
            {
                call(i);
            }
            var micros = clock.Elapsed.TotalMicroseconds / Calls;
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Calls;
            baseline ??= micros;
            Console.WriteLine(FormattableString.Invariant($"| {name} | {micros:F2} | {bytes} | {micros / baseline.Value:F2}× |"));
        }
        return 0;
    }

    private static IReadOnlyList<string> Read(string phone, string? countryCode) =>
        PhoneQuery.Candidates(phone, countryCode, out var candidates) is null ? candidates : throw new InvalidOperationException(phone);
}

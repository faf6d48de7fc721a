using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// How many cases a property runs, from which seed. CI needs the same cases every run, so the seed
/// is fixed by default; CALLBOOK_PROPERTY_SEED=random explores new ones (FsCheck prints the seed of a
/// failure), CALLBOOK_PROPERTY_SEED=&lt;number&gt; replays one.
/// </summary>
internal static class PropertyRuns
{
    private const ulong DefaultSeed = 20_260_107;

    public static Config Quick(int maxTest)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest);
        var setting = Environment.GetEnvironmentVariable("CALLBOOK_PROPERTY_SEED");
        if (string.Equals(setting, "random", StringComparison.OrdinalIgnoreCase))
        {
            return config;
        }
        var seed = ulong.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        return config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
    }
}

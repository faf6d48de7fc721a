using Callbook.Bench;
using Callbook.Bench.Perf;

// Load drivers that run against a live `callbook serve` over real HTTP: `soak` (bench/soak.sh)
// and `perf`, the issue-6 benchmark (bench/run.sh); `phones` times reading a caller lookup's number in-process.
return args.FirstOrDefault() switch
{
    "soak" => await Soak.RunAsync(SoakOptions.Parse(args[1..])),
    "perf" => await PerfRun.RunAsync(PerfOptions.Parse(args[1..])),
    "phones" => PhoneReadBench.Run(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callbook.Bench soak --url http://127.0.0.1:5080 --account … --stream … --client-id … --secret … [--minutes 10] [--rps 11] [--pid <server pid>]");
    Console.Error.WriteLine("       Callbook.Bench phones   (µs per ?phone= value read, in-process)");
    Console.Error.WriteLine("       Callbook.Bench perf --callbook callbook.dll --db … --store sqlite --account … --stream … --import-stream … --client-id … --secret … --work <dir> [--quick]");
    return 2;
}

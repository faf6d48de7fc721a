using Callbook.Bench;

// Load drivers that run against a live `callbook serve` over real HTTP. See bench/README.md.
return args.FirstOrDefault() switch
{
    "soak" => await Soak.RunAsync(SoakOptions.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callbook.Bench soak --url http://127.0.0.1:5080 --account … --stream … --client-id … --secret … [--minutes 10] [--rps 11] [--pid <server pid>]");
    return 2;
}

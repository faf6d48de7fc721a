using Callbook.Cli;

// `callbook` with no command serves the API; see `callbook --help` for the admin commands.
return await CallbookCli.RunAsync(args);

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

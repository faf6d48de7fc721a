namespace Callbook.Hosting;

/// <summary>
/// When <c>serve</c> creates the demo tenant on an empty database. Its client secret and a token are
/// printed to standard output, so by default only where a person reads them: on SQLite, with the
/// output on a terminal. A redirected output (journald, a container log, a file) or PostgreSQL (a
/// shared, production database) gets none unless <c>--demo</c> asks for it; <c>--no-demo</c> always wins.
/// </summary>
public static class DemoTenant
{
    public enum Decision
    {
        /// <summary>Create it if the database is empty, and print its secret once.</summary>
        Create,

        /// <summary>--no-demo.</summary>
        SkipAsked,

        /// <summary>The output is not a terminal: the secret would land in a log.</summary>
        SkipNotATerminal,

        /// <summary>PostgreSQL without --demo.</summary>
        SkipServerDatabase,
    }

    /// <param name="databaseKind">"sqlite" or "postgres" (<see cref="Stores.ICallbookDatabase.Kind"/>).</param>
    /// <param name="demo">--demo / <c>Callbook:Demo</c>.</param>
    /// <param name="noDemo">--no-demo / <c>Callbook:NoDemo</c>.</param>
    /// <param name="outputIsTerminal">Standard output is a terminal (not redirected).</param>
    public static Decision Decide(string databaseKind, bool demo, bool noDemo, bool outputIsTerminal) =>
        noDemo ? Decision.SkipAsked
        : demo ? Decision.Create
        : databaseKind != "sqlite" ? Decision.SkipServerDatabase
        : outputIsTerminal ? Decision.Create
        : Decision.SkipNotATerminal;
}

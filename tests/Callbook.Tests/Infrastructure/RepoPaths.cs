namespace Callbook.Tests.Infrastructure;

/// <summary>Where the repository is, seen from the test binaries.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Callbook.slnx above the test binaries.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callbook.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Callbook.slnx not found above " + AppContext.BaseDirectory);
    }
}

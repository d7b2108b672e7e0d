namespace Impact.Tests.Infrastructure;

/// <summary>Where the repository and its build outputs are, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static readonly string Root = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built in (tests/bin/&lt;it&gt;/net10.0).</summary>
    public static readonly string Configuration =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string DataSamples => Path.Combine(Root, "data-samples");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Impact.sln"))) return dir.FullName;
        throw new InvalidOperationException("Impact.sln not found above " + AppContext.BaseDirectory);
    }
}

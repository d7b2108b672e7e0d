using Impact.Tests.Infrastructure;

namespace Impact.Tests;

/// <summary>
/// No line longer than 120 characters in the code and the pages (.editorconfig's max_line_length). The build's
/// analyzer (Roslynator RCS0056) already refuses long C# code lines; it does not see Razor pages or comments.
/// </summary>
public sealed class LineLengthTests
{
    const int MaxLength = 120;

    static readonly string[] Folders = ["src", "jobs", "tests", "bench"];

    [Test]
    public void No_line_of_code_or_of_a_page_is_longer_than_120_characters()
    {
        var longLines = Folders.SelectMany(folder => Directory.EnumerateFiles(
                Path.Combine(RepoPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => Path.GetExtension(path) is ".cs" or ".cshtml")
            .Select(path => Path.GetRelativePath(RepoPaths.Root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(path => File.ReadLines(Path.Combine(RepoPaths.Root, path))
                .Select((line, i) => (Where: $"{path}:{i + 1}", line.Length))
                .Where(l => l.Length > MaxLength))
            .Select(l => $"{l.Where} ({l.Length} characters)")
            .ToList();
        Assert.That(longLines, Is.Empty);
    }
}

using Impact.Dashboard.Jobs;

namespace Impact.Tests.Dashboard.Jobs;

/// <summary>Which source a file dropped into a drop folder goes to, by the start of its name.</summary>
public sealed class DropFolderNamingTests
{
    [TestCase("kpi-march.csv", "kpi")]
    [TestCase("survey-2025-06.csv", "survey")]
    [TestCase("survey_items.csv", "survey-items")]
    [TestCase("survey-items-2025.csv", "survey-items")]
    [TestCase("Completions_Q1.csv", "completions")]
    [TestCase("xapi-week.json", "xapi")]
    public void A_dropped_file_goes_to_the_source_its_name_starts_with_the_longest_match_first(string file,
        string source) => Assert.That(DropFolder.SourceFor(file)?.Name, Is.EqualTo(source));

    [TestCase("kpi.json")]
    [TestCase("notes.csv")]
    public void A_file_no_source_reads_goes_to_none(string file) => Assert.That(DropFolder.SourceFor(file), Is.Null);
}

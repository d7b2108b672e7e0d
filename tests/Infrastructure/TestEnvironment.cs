using NUnit.Framework.Interfaces;

namespace Impact.Tests.Infrastructure;

/// <summary>
/// Keeps a developer's shell out of what the suite proves: an <c>IMPACT_*</c> setting left in the
/// environment (a pseudonym key, an activity prefix, LRS credentials, a SQL source, the warehouse)
/// would silently change ids, intervention names or the database every test reads. Only the suite's
/// own switches (which servers to test against) survive.
/// </summary>
public static class TestEnvironment
{
    /// <summary>
    /// Product settings: every <c>IMPACT_</c> name, in any case, because ASP.NET configuration reads
    /// environment variables case-insensitively (<c>Impact__Db</c> is <c>Impact:Db</c>).
    /// </summary>
    public static bool IsProductSetting(string name) =>
        name.StartsWith("IMPACT_", StringComparison.OrdinalIgnoreCase) && !IsSuiteSwitch(name);

    // The suite's own switches, read only by tests/Infrastructure, never by Impact itself.
    static bool IsSuiteSwitch(string name) =>
        name.StartsWith("IMPACT_TEST_", StringComparison.Ordinal) || name == PostgresServer.RequireVariable;

    /// <summary>The product settings this process can see now.</summary>
    public static List<string> ProductSettings() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsProductSetting)
            .Order(StringComparer.Ordinal).ToList();

    public static void ClearProductSettings()
    {
        foreach (var name in ProductSettings()) Environment.SetEnvironmentVariable(name, null);
    }

    /// <summary>Every <c>IMPACT_*</c> name, suite switches included: a child process gets none of them.</summary>
    public static void ClearAllImpactVariables(IDictionary<string, string?> environment)
    {
        var names = environment.Keys.Where(k => k.StartsWith("IMPACT_", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var name in names) environment.Remove(name);
    }

    /// <summary>
    /// Sets a product setting for one test and puts back what was there when disposed. Tests that use it
    /// change the whole process's environment, so they must not run in parallel with others.
    /// </summary>
    public static IDisposable Set(string name, string? value)
    {
        var before = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return new Restore(name, before);
    }

    sealed class Restore(string name, string? value) : IDisposable
    {
        public void Dispose() => Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>
/// Applied to the whole test assembly: before every test, clears the product settings, whatever the
/// shell or an earlier test left behind. A test that needs one sets it itself, inside its body.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoImpactSettingsFromTheShellAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test) => TestEnvironment.ClearProductSettings();

    public void AfterTest(ITest test) { }
}

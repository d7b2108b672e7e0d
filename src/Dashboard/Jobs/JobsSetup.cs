using Hangfire;
using Hangfire.AspNetCore;
using Impact.Dashboard.Access;
using Impact.Warehouse;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Impact.Dashboard.Jobs;

/// <summary>Settings of the job server (<c>Impact:Jobs</c>).</summary>
public sealed record JobsOptions
{
    public const string Section = "Impact:Jobs";

    /// <summary>Run a Hangfire server in this process (the web app's default; off: <c>Impact:Jobs:Server=false</c>).
    /// </summary>
    public bool Server { get; init; } = true;

    /// <summary>Jobs run side by side in this process.</summary>
    public int Workers { get; init; } = Math.Min(Environment.ProcessorCount * 2, 8);

    /// <summary>
    /// Seconds before a job whose worker died is taken by another (sliding: live jobs are renewed). Shorter
    /// hands over sooner but renews more often; 20 was measured safe under load here.
    /// </summary>
    public int InvisibilitySeconds { get; init; } = (int)JobStore.DefaultInvisibility.TotalSeconds;

    /// <summary>Seconds a dropped file must stay unchanged before it is read.</summary>
    public int DropStableSeconds { get; init; } = 5;

    /// <summary>
    /// Where a schedule's export step writes its pack: <c>&lt;folder&gt;/&lt;schedule&gt;/run-&lt;estimate run&gt;</c>
    /// (relative to the process's working folder unless absolute). Owners' recipients also get it by e-mail
    /// when <c>IMPACT_SMTP_*</c> is set.
    /// </summary>
    public string ExportFolder { get; init; } = "exports";
}

/// <summary>
/// Hangfire for one host: the web app (server unless <c>Impact:Jobs:Server=false</c>, dashboard at
/// <c>/hangfire</c>) and <c>impact worker</c> register the same job types, storage and schedule sync here.
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/hangfire";

    public static JobsOptions Bind(IConfiguration configuration) =>
        configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

    /// <summary>How jobs are written to the store: the same in every process that queues or runs them.</summary>
    public static IGlobalConfiguration Serialization(IGlobalConfiguration configuration) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();

    /// <param name="server">Whether this host runs jobs (null: as <c>Impact:Jobs:Server</c> says).</param>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration,
        bool? server = null, int? workers = null, string? serverName = null, bool syncSchedules = true)
    {
        var options = Bind(configuration);
        services.AddSingleton(options);
        // This host's own store and activator, never Hangfire's static ones: tests start several apps.
        services.AddSingleton<JobStorage>(p =>
        {
            p.GetRequiredService<IGlobalConfiguration>();
            return JobStore.Create(p.GetRequiredService<Database>(),
                TimeSpan.FromSeconds(Math.Max(5, options.InvisibilitySeconds)));
        });
        services.AddSingleton<JobActivator>(p => new AspNetCoreJobActivator(
            p.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => Serialization(c));
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<JobRuns>();
        services.AddSingleton(p => new DropFolder(p.GetRequiredService<TimeProvider>())
        {
            StableAfter = TimeSpan.FromSeconds(Math.Max(0, options.DropStableSeconds)),
        });
        services.AddTransient<FeedJob>();
        services.AddTransient<ReestimateJob>();
        services.AddTransient<EstimatePairJob>();
        services.AddSingleton<Models.Runs.PanelCache>();
        services.AddTransient<ExportJob>();
        // The export step's pack; the web app registers the same one for its Export page.
        services.TryAddSingleton<Exports.ExportPack>();
        if (!(server ?? options.Server)) return services;
        services.AddHangfireServer((_, o) =>
        {
            o.WorkerCount = Math.Max(1, workers ?? options.Workers);
            o.ServerName = serverName ?? $"{JobRuns.Worker}";
            o.ShutdownTimeout = TimeSpan.FromSeconds(20);
        });
        services.AddSingleton<ScheduleSync>();
        if (syncSchedules) services.AddHostedService(p => p.GetRequiredService<ScheduleSync>());
        return services;
    }

    /// <summary>The Hangfire dashboard, for data staff only, like the Jobs page.</summary>
    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.DataOperations, DashboardPath,
            new DashboardOptions { DashboardTitle = "Impact jobs", AppPath = "/Jobs" });
}

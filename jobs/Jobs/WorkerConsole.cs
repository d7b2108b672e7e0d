using Hangfire.Server;
using Impact.Dashboard.Jobs;
using Impact.Warehouse.Runs;

namespace Impact.Jobs.Jobs;

/// <summary>
/// One line per job a worker starts and ends, with the job id and the schedule it belongs to, so whoever
/// watches a worker (or its process manager's log) sees what it does without opening the dashboard.
/// </summary>
public sealed class WorkerConsole : IServerFilter
{
    public void OnPerforming(PerformingContext context) =>
        Console.WriteLine($"job {context.BackgroundJob.Id} started: {Describe(context)}");

    public void OnPerformed(PerformedContext context)
    {
        var what = Describe(context);
        if (context.Exception is null)
            Console.WriteLine($"job {context.BackgroundJob.Id} succeeded: {what}");
        else if (context.Exception is OperationCanceledException || context.CancellationToken.ShutdownToken
                     .IsCancellationRequested)
            Console.WriteLine($"job {context.BackgroundJob.Id} stopped: {what} (the worker is stopping)");
        else
            Console.WriteLine($"job {context.BackgroundJob.Id} failed: {what}: " +
                Failure.Explain(context.Exception.InnerException ?? context.Exception));
    }

    // Every Impact job takes its schedule's name first.
    static string Describe(PerformContext context)
    {
        var job = context.BackgroundJob.Job;
        var schedule = job.Args.Count > 0 ? job.Args[0] as string : null;
        var step = job.Type == typeof(FeedJob) ? JobStep.Ingest
            : job.Type == typeof(ReestimateJob) ? JobStep.Estimate
            : job.Type == typeof(EstimatePairJob) ? $"{JobStep.Estimate} {job.Args[2]} × {job.Args[3]}"
            : job.Type == typeof(ExportJob) ? JobStep.Export : job.Type.Name;
        return $"{schedule ?? "?"} ({step})";
    }
}

using System.CommandLine;
using Hangfire;
using Impact.Dashboard.Jobs;
using Impact.Jobs.Jobs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact worker</c>: a Hangfire server on the warehouse's shared job store (PostgreSQL or SQL Server),
/// running the scheduled feeds and what follows them. Prints one line per job; SIGINT/SIGTERM cancel the
/// running job through its token (its ingest run is recorded cancelled, committed batches stay) and stop.
/// </summary>
public static class WorkerVerb
{
    public static Command Create()
    {
        var workers = new Option<int?>("--workers")
        {
            Description = $"Jobs run side by side in this worker. Default: {new JobsOptions().Workers} " +
                          $"({JobsOptions.Section}:Workers).",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = "Where /healthz listens, e.g. http://127.0.0.1:5190. Default: a free loopback port.",
        };
        var command = new Command("worker", "Run a Hangfire worker that executes scheduled jobs (PostgreSQL or SQL " +
            "Server warehouses; on SQLite the dashboard runs them).") { workers, urls };
        command.SetVerbAction(async (parse, ct) =>
        {
            var warehouse = parse.Warehouse();
            if (!JobStore.Shared(warehouse))
                throw new ImpactException("'impact worker' needs a PostgreSQL or SQL Server warehouse (--db " +
                    "postgres:… or sqlserver:…): several workers must share one job store. On the SQLite default " +
                    "the dashboard runs the scheduled jobs itself.");
            await Migrator.RequireCurrentAsync(warehouse, ct);
            if (parse.GetValue(workers) is < 1) throw new ImpactException("--workers must be at least 1.");
            GlobalJobFilters.Filters.Add(new WorkerConsole());
            await using var app = JobHost.Build(parse.GetValue(Cli.Db)!, parse.GetValue(workers), parse.GetValue(urls),
                syncSchedules: true);
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?
                .Addresses.FirstOrDefault();
            var count = parse.GetValue(workers) ?? app.Services.GetRequiredService<JobsOptions>().Workers;
            Console.WriteLine($"worker {JobRuns.Worker} on {warehouse.Target.Display}: {count} job(s) at a time; " +
                $"health at {address}{Health.Path}; stop with Ctrl+C or SIGTERM.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(
                    "worker stopping: the running jobs are cancelled and recorded; committed batches stay.");
            }
            await app.StopAsync(CancellationToken.None);
            Console.WriteLine("worker stopped.");
            return ExitCodes.Interrupted;
        });
        return command;
    }
}

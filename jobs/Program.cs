// The `impact` tool: each verb drives one step of sources → Ingest → warehouse → Models → Dashboard.
// SIGINT and SIGTERM are handled by each verb (Impact.Jobs.StopSignals), not by System.CommandLine,
// whose handler lets the process exit two seconds after the signal whatever the work is doing.
// Where failure logs go and when another host's run counts as dead: from the environment, once.
Impact.Warehouse.WarehouseServices.ConfigureRuns(Impact.Jobs.Settings.Environment);
return await Impact.Jobs.Cli.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration
{
    ProcessTerminationTimeout = null,
});

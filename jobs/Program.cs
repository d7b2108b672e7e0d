// The `impact` tool: each verb drives one step of sources → Ingest → warehouse → Models → Dashboard.
return await Impact.Jobs.Cli.Build().Parse(args).InvokeAsync();

using Impact.Bench;

// Each case prints its own figures (medians over repeats, beside a baseline measured in the same run).
var cases = BenchCases.All;
if (args.Length == 0 || !cases.ContainsKey(args[0]))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <case> [options]\ncases: " +
        $"{string.Join(", ", cases.Keys)}");
    return 2;
}
return await cases[args[0]](args[1..]);

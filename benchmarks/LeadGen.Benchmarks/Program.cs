namespace LeadGen.Benchmarks;

// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- matching [--sample N|all]
// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- campaign [--prospects N] [--hosts 1|2]
// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- load [--rate 500] [--seconds 60] [--warmup 10] [--prospects N]
// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- taxonomy
// An explicit entry point rather than top-level statements: those would declare a second `Program` next to the API's,
// which the campaign benchmark hosts.
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault() ?? "matching";
        int? sample = MatchingBenchmark.DefaultSample;
        var prospects = 10_000;
        var hosts = 1;
        var rate = 500;
        var seconds = 60;
        var warmup = 10;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--sample":
                    sample = value == "all" ? null : Positive(value, "--sample");
                    i++;
                    break;
                case "--prospects":
                    prospects = Positive(value, "--prospects");
                    i++;
                    break;
                case "--rate":
                    rate = Positive(value, "--rate");
                    i++;
                    break;
                case "--seconds":
                    seconds = Positive(value, "--seconds");
                    i++;
                    break;
                case "--warmup":
                    warmup = int.TryParse(value, out var w) && w >= 0 ? w : throw new ArgumentException($"--warmup takes a number of seconds, not '{value}'.");
                    i++;
                    break;
                case "--hosts":
                    hosts = Positive(value, "--hosts");
                    i++;
                    break;
            }
        }

        return command switch
        {
            "matching" => await MatchingBenchmark.Run(sample, CancellationToken.None),
            "campaign" => await CampaignBenchmark.Run(prospects, hosts, CancellationToken.None),
            "load" => await ApiLoadBenchmark.Run(rate, seconds, warmup, prospects, CancellationToken.None),
            "taxonomy" => await TaxonomyCommand.Run(CancellationToken.None),
            _ => Usage(),
        };
    }

    private static int Positive(string value, string option) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{option} takes a positive number, not '{value}'.");

    private static int Usage()
    {
        Console.Error.WriteLine("usage: matching [--sample N|all] | campaign [--prospects N] [--hosts N] | load [--rate R] [--seconds S] [--warmup S] [--prospects N] | taxonomy");
        return 1;
    }
}

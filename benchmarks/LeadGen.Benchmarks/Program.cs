using LeadGen.Benchmarks;

// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- matching [--sample N|all]
// dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- taxonomy
var command = args.FirstOrDefault() ?? "matching";
int? sample = MatchingBenchmark.DefaultSample;
for (var i = 1; i < args.Length; i++)
{
    if (args[i] == "--sample" && i + 1 < args.Length)
    {
        var value = args[++i];
        sample = value == "all" ? null : int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"--sample takes a positive number or 'all', not '{value}'.");
    }
}

return command switch
{
    "matching" => await MatchingBenchmark.Run(sample, CancellationToken.None),
    "taxonomy" => TaxonomyCommand.Run(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: matching [--sample N|all] | taxonomy");
    return 1;
}

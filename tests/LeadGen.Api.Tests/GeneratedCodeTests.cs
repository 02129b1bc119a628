using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace LeadGen.Api.Tests;

/// <summary>
/// The API loads its Wolverine handler adapters pre-generated (src/Api/Internal/Generated) instead of compiling them at
/// start-up. A handler that changed without `./leadgen codegen` would keep running its old adapter, missing a new
/// dependency or middleware: this regenerates every adapter from the handlers as they are and compares.
/// </summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public async Task Committed_handler_adapters_match_what_the_handlers_generate_now()
    {
        await using var host = await CustomHost.Start("codegen", new Dictionary<string, string>());
        var services = host.Host.Services;
        var collections = services.GetServices<ICodeFileCollection>().ToArray();
        var output = Directory.CreateTempSubdirectory("leadgen-codegen-").FullName;
        try
        {
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = output;
            new DynamicCodeBuilder(services, collections) { ServiceVariableSource = services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });

            var committedRoot = Path.Combine(HostProcess.RepositoryRoot(), "src", "Api", "Internal", "Generated");
            var generated = Files(output);
            var committed = Files(committedRoot);
            generated.Keys.ShouldNotBeEmpty();
            committed.Keys.Order().ShouldBe(generated.Keys.Order(), "run ./leadgen codegen: the set of generated files changed");
            foreach (var (file, code) in generated)
                committed[file].ShouldBe(code, $"run ./leadgen codegen: {file} no longer matches its handler");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}

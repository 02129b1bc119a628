using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.SamplePlatform;
using Shouldly;
using SampleProspectingPlatform = LeadGen.Infrastructure.SamplePlatform.SamplePlatform;

namespace LeadGen.Infrastructure.Tests.SamplePlatform;

public class SamplePlatformTests
{
    private static readonly SampleProspectingPlatform Platform = new(TestPopulation.Instance);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IcpCriteria DataEngineers =
        IcpCriteria.None with { Titles = ["Data Engineer", "Machine Learning Engineer"] };

    private static async Task<IReadOnlyList<ProspectProfile>> All(IcpCriteria criteria, string persona = "") =>
        (await Platform.SearchAsync(new PlatformQuery(criteria, persona), null, int.MaxValue, Ct)).Profiles;

    private static bool HasWords(string text, params string[] words) =>
        words.All(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Is_the_sample_platform() => Platform.Name.ShouldBe("sample");

    [Fact]
    public async Task A_data_engineer_query_returns_a_bounded_relevant_set()
    {
        var found = await All(DataEngineers);

        TestContext.Current.TestOutputHelper?.WriteLine($"{found.Count} data / ML engineers; first: "
            + string.Join("; ", found.Take(5).Select(p => $"{p.Name}, {p.Title} at {p.Company} ({p.Location})")));
        found.Count.ShouldBeInRange(150, 5_000);
        found.ShouldAllBe(p => HasWords(p.Title, "data", "engineer") || HasWords(p.Title, "machine", "learning", "engineer"));
        found.Count(p => p.Title == "Data Engineer").ShouldBeGreaterThan(20);
        found.Count(p => p.Title == "Machine Learning Engineer").ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task Ranks_exact_titles_first_and_is_deterministic()
    {
        var first = await All(DataEngineers);
        var second = await All(DataEngineers);

        second.Select(p => p.ExternalId).ShouldBe(first.Select(p => p.ExternalId));
        // An exact "Data Engineer" explains the whole title; "Big Data Engineer" or "Database Engineer" less of it.
        first[0].Title.ShouldBeOneOf("Data Engineer", "Machine Learning Engineer", "Senior Data Engineer",
            "Lead Data Engineer", "Principal Data Engineer", "Senior Machine Learning Engineer",
            "Lead Machine Learning Engineer", "Principal Machine Learning Engineer");
        var lastExact = first.ToList().FindLastIndex(p => p.Title == "Data Engineer");
        var firstDatabase = first.ToList().FindIndex(p => p.Title == "Database Engineer");
        lastExact.ShouldBeLessThan(firstDatabase);
    }

    [Fact]
    public async Task Paging_by_cursor_returns_every_candidate_once_in_the_same_order_as_one_big_page()
    {
        var criteria = DataEngineers with { Skills = ["Python", "Apache Spark", "SQL"] };
        var everything = await All(criteria);
        everything.Count.ShouldBeGreaterThan(200);

        var paged = new List<ProspectProfile>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Platform.SearchAsync(new PlatformQuery(criteria, ""), cursor, 37, Ct);
            page.Profiles.Count.ShouldBeLessThanOrEqualTo(37);
            paged.AddRange(page.Profiles);
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 1_000);

        cursor.ShouldBeNull();
        pages.ShouldBe((everything.Count + 36) / 37);
        paged.Select(p => p.ExternalId).ShouldBe(everything.Select(p => p.ExternalId));
        paged.Select(p => p.ExternalId).Distinct().Count().ShouldBe(paged.Count);
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor()
    {
        var everything = await All(DataEngineers);
        var exact = await Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), null, everything.Count, Ct);
        exact.Profiles.Count.ShouldBe(everything.Count);
        exact.NextCursor.ShouldBeNull();

        var short1 = await Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), null, everything.Count - 1, Ct);
        short1.NextCursor.ShouldNotBeNull();
        var rest = await Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), short1.NextCursor, 10, Ct);
        rest.Profiles.Single().ExternalId.ShouldBe(everything[^1].ExternalId);
        rest.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Location_and_seniority_filters_hold_for_every_result()
    {
        var criteria = IcpCriteria.None with
        {
            Titles = ["Software Developer", "Software Engineer", "Data Engineer", "Data Analyst"],
            Seniorities = ["senior", "manager"],
            Locations = ["Germany", "London"],
        };

        var found = await All(criteria);

        found.ShouldNotBeEmpty();
        found.ShouldAllBe(p => p.Seniority == "senior" || p.Seniority == "manager");
        found.ShouldAllBe(p => p.Location.EndsWith(", Germany") || p.Location.StartsWith("London,"));
        found.Select(p => p.Location).Distinct().Count().ShouldBeGreaterThan(2);
    }

    [Theory]
    [InlineData("USA", "United States")]
    [InlineData("united kingdom", "United Kingdom")]
    [InlineData("Greater Paris Area", "Paris, France")]
    [InlineData("Berlin, Germany", "Berlin, Germany")]
    [InlineData("Munich, DE", "Munich, Germany")]
    [InlineData("London, UK", "London, United Kingdom")]
    public async Task Locations_match_city_or_country_as_people_write_them(string wanted, string expected)
    {
        var found = await All(IcpCriteria.None with { Titles = ["Sales Representative", "Software Developer", "Data Analyst"], Locations = [wanted] });

        found.ShouldNotBeEmpty();
        found.ShouldAllBe(p => p.Location.Contains(expected));
    }

    [Fact]
    public async Task Industry_and_company_size_filters_hold_for_every_result()
    {
        var criteria = IcpCriteria.None with
        {
            Titles = ["Chief Executive Officer", "CTO", "Vice President of Sales", "Sales Director"],
            Industries = ["Software Development", "Computer Software", "Financial Services"],
            CompanySizes = ["51-200", "201-500", "10,001+"],
        };

        var found = await All(criteria);

        found.ShouldNotBeEmpty();
        found.ShouldAllBe(p => p.Industry == "Software Development" || p.Industry == "Financial Services");
        var population = TestPopulation.Instance;
        found.ShouldAllBe(p => new[] { "51-200", "201-500", "10001+" }.Contains(population.FindPerson(p.ExternalId)!.Company.Size));
    }

    [Fact]
    public async Task Skills_alone_find_people_with_at_least_two_of_them()
    {
        var wanted = new[] { "python", "spark", "sql" };
        var found = await All(IcpCriteria.None with { Skills = ["Python", "Spark", "SQL"] });

        found.ShouldNotBeEmpty();
        found.ShouldAllBe(p => wanted.Count(w => p.Skills.Any(s => s.Contains(w, StringComparison.OrdinalIgnoreCase))) >= 2);
        found.Count.ShouldBeLessThan(5_000);
    }

    [Fact]
    public async Task Title_matches_rank_above_skill_only_matches()
    {
        var found = await All(IcpCriteria.None with { Titles = ["Data Engineer"], Skills = ["Python", "SQL"] });

        var titleMatches = found.Select((p, i) => (p, i)).Where(x => HasWords(x.p.Title, "data", "engineer")).Select(x => x.i).ToList();
        var skillOnly = found.Select((p, i) => (p, i)).Where(x => !HasWords(x.p.Title, "data", "engineer")).Select(x => x.i).ToList();
        titleMatches.ShouldNotBeEmpty();
        skillOnly.ShouldNotBeEmpty();
        titleMatches.Max().ShouldBeLessThan(skillOnly.Min());
    }

    [Fact]
    public async Task Persona_words_only_reorder_they_never_add_people()
    {
        var without = await All(DataEngineers);
        var with = await All(DataEngineers, "Data platform teams at fintech companies running Apache Spark and Kafka on AWS");

        with.Select(p => p.ExternalId).Order().ShouldBe(without.Select(p => p.ExternalId).Order());
        with.Select(p => p.ExternalId).ShouldNotBe(without.Select(p => p.ExternalId));
    }

    [Fact]
    public async Task Empty_criteria_find_nobody_not_everybody()
    {
        var none = await Platform.SearchAsync(new PlatformQuery(IcpCriteria.None, "Anyone at all"), null, 100, Ct);
        none.Profiles.ShouldBeEmpty();
        none.NextCursor.ShouldBeNull();

        var blanks = IcpCriteria.None with { Titles = ["", "  "], Skills = [" "] };
        (await All(blanks)).ShouldBeEmpty();

        var filtersOnly = IcpCriteria.None with { Locations = ["United States"], Seniorities = ["cxo"] };
        (await All(filtersOnly)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_seniority_matches_nobody()
    {
        (await All(DataEngineers with { Seniorities = ["galactic overlord"] })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rejects_bad_arguments()
    {
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), null, 0, Ct));
        await Should.ThrowAsync<ArgumentException>(() => Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), "not-a-cursor!", 10, Ct));
        await Should.ThrowAsync<ArgumentException>(() => Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), "b2Zmc2V0OjEw", 10, Ct));
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() =>
            Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), null, 10, cancelled.Token));
    }

    [Fact]
    public async Task Concurrent_searches_agree()
    {
        var expected = (await All(DataEngineers)).Select(p => p.ExternalId).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => All(DataEngineers), Ct)));
        results.ShouldAllBe(r => r.Select(p => p.ExternalId).SequenceEqual(expected));
    }

    [Fact]
    public async Task Profiles_carry_everything_a_prospect_needs()
    {
        var profile = (await Platform.SearchAsync(new PlatformQuery(DataEngineers, ""), null, 1, Ct)).Profiles.Single();
        var person = TestPopulation.Instance.FindPerson(profile.ExternalId)!;

        profile.Name.ShouldBe(person.Name);
        profile.CompanyDomain.ShouldBe(person.Company.Domain);
        profile.ProfileUrl.ShouldBe($"https://sample.leadgen.example/in/{profile.ExternalId}");
        profile.Headline.ShouldBe($"{profile.Title} at {profile.Company}");
        profile.Skills.Count.ShouldBeInRange(3, 8);
        profile.Seniority.ShouldNotBeNull();
    }
}

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>Where invented people and companies are. Weights skew towards the markets B2B platforms are dense in;
/// the naming culture is the one most residents' names would come from (mixed with others at generation).</summary>
internal static class SampleGeography
{
    public sealed record City(string Name, string Country, string Culture, int Weight)
    {
        public string Location => $"{Name}, {Country}";
    }

    public static readonly IReadOnlyList<City> Cities =
    [
        new("New York", "United States", "anglo", 12), new("San Francisco", "United States", "anglo", 9),
        new("Los Angeles", "United States", "anglo", 7), new("Chicago", "United States", "anglo", 7),
        new("Boston", "United States", "anglo", 6), new("Seattle", "United States", "anglo", 6),
        new("Austin", "United States", "anglo", 5), new("Denver", "United States", "anglo", 4),
        new("Atlanta", "United States", "anglo", 4), new("Miami", "United States", "hispanic", 4),
        new("Dallas", "United States", "anglo", 5), new("Houston", "United States", "hispanic", 4),
        new("Washington", "United States", "anglo", 5), new("Philadelphia", "United States", "anglo", 3),
        new("San Diego", "United States", "hispanic", 3), new("Minneapolis", "United States", "anglo", 3),
        new("Portland", "United States", "anglo", 2), new("Phoenix", "United States", "hispanic", 3),
        new("Raleigh", "United States", "anglo", 2), new("Nashville", "United States", "anglo", 2),
        new("Salt Lake City", "United States", "anglo", 2), new("Pittsburgh", "United States", "anglo", 2),
        new("Detroit", "United States", "anglo", 2), new("Toronto", "Canada", "anglo", 5),
        new("Vancouver", "Canada", "anglo", 3), new("Montreal", "Canada", "french", 3),
        new("London", "United Kingdom", "anglo", 10), new("Manchester", "United Kingdom", "anglo", 3),
        new("Edinburgh", "United Kingdom", "anglo", 2), new("Bristol", "United Kingdom", "anglo", 2),
        new("Birmingham", "United Kingdom", "anglo", 2), new("Cambridge", "United Kingdom", "anglo", 1),
        new("Dublin", "Ireland", "anglo", 3), new("Berlin", "Germany", "german", 5), new("Munich", "Germany", "german", 4),
        new("Hamburg", "Germany", "german", 3), new("Frankfurt", "Germany", "german", 3),
        new("Cologne", "Germany", "german", 2), new("Stuttgart", "Germany", "german", 2),
        new("Paris", "France", "french", 7), new("Lyon", "France", "french", 2), new("Toulouse", "France", "french", 2),
        new("Amsterdam", "Netherlands", "dutch", 4), new("Rotterdam", "Netherlands", "dutch", 2),
        new("Eindhoven", "Netherlands", "dutch", 1), new("Brussels", "Belgium", "french", 2),
        new("Antwerp", "Belgium", "dutch", 1), new("Zurich", "Switzerland", "german", 2),
        new("Geneva", "Switzerland", "french", 1), new("Vienna", "Austria", "german", 2),
        new("Madrid", "Spain", "hispanic", 4), new("Barcelona", "Spain", "hispanic", 4),
        new("Valencia", "Spain", "hispanic", 1), new("Lisbon", "Portugal", "lusophone", 2),
        new("Porto", "Portugal", "lusophone", 1), new("Milan", "Italy", "italian", 3), new("Rome", "Italy", "italian", 2),
        new("Turin", "Italy", "italian", 1), new("Stockholm", "Sweden", "nordic", 3),
        new("Gothenburg", "Sweden", "nordic", 1), new("Oslo", "Norway", "nordic", 2),
        new("Copenhagen", "Denmark", "nordic", 2), new("Helsinki", "Finland", "nordic", 2),
        new("Warsaw", "Poland", "central-european", 3), new("Krakow", "Poland", "central-european", 2),
        new("Prague", "Czech Republic", "central-european", 2), new("Bucharest", "Romania", "central-european", 2),
        new("Kyiv", "Ukraine", "central-european", 2), new("Athens", "Greece", "mediterranean", 2),
        new("Istanbul", "Turkey", "mediterranean", 3), new("Dubai", "United Arab Emirates", "arabic", 3),
        new("Cairo", "Egypt", "arabic", 2), new("Casablanca", "Morocco", "arabic", 1),
        new("Bangalore", "India", "indian", 6), new("Mumbai", "India", "indian", 4),
        new("Hyderabad", "India", "indian", 3), new("Pune", "India", "indian", 2), new("New Delhi", "India", "indian", 3),
        new("Singapore", "Singapore", "chinese", 4), new("Shanghai", "China", "chinese", 3),
        new("Shenzhen", "China", "chinese", 2), new("Tokyo", "Japan", "japanese", 4), new("Osaka", "Japan", "japanese", 1),
        new("Seoul", "South Korea", "korean", 3), new("Sydney", "Australia", "anglo", 4),
        new("Melbourne", "Australia", "anglo", 3), new("Auckland", "New Zealand", "anglo", 1),
        new("Sao Paulo", "Brazil", "lusophone", 4), new("Mexico City", "Mexico", "hispanic", 3),
        new("Buenos Aires", "Argentina", "hispanic", 2), new("Bogota", "Colombia", "hispanic", 2),
        new("Santiago", "Chile", "hispanic", 1), new("Lagos", "Nigeria", "african", 2),
        new("Nairobi", "Kenya", "african", 2), new("Cape Town", "South Africa", "african", 1),
        new("Johannesburg", "South Africa", "african", 2), new("Accra", "Ghana", "african", 1),
        new("Manila", "Philippines", "southeast-asian", 2), new("Jakarta", "Indonesia", "southeast-asian", 2),
        new("Ho Chi Minh City", "Vietnam", "southeast-asian", 1),
    ];

    /// <summary>Country names people type instead of the ones shown ("USA" for "United States").</summary>
    public static readonly IReadOnlyDictionary<string, string> CountryAliases =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["US"] = "United States", ["USA"] = "United States", ["U.S."] = "United States",
            ["U.S.A."] = "United States", ["United States of America"] = "United States", ["America"] = "United States",
            ["UK"] = "United Kingdom", ["U.K."] = "United Kingdom", ["Great Britain"] = "United Kingdom",
            ["England"] = "United Kingdom", ["Britain"] = "United Kingdom", ["UAE"] = "United Arab Emirates",
            ["Czechia"] = "Czech Republic", ["Holland"] = "Netherlands", ["The Netherlands"] = "Netherlands",
            ["Korea"] = "South Korea", ["Deutschland"] = "Germany",
        };
}

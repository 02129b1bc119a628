namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>LinkedIn-style industries and which of them employ each SOC major group, so that nurses work in
/// hospitals and software developers mostly in software.</summary>
internal static class SampleIndustries
{
    /// <summary>Industry name and its share of the ~3,000 generated companies.</summary>
    public static readonly IReadOnlyList<(string Name, int Weight)> All =
    [
        ("Software Development", 10), ("IT Services and IT Consulting", 8), ("Financial Services", 6), ("Banking", 3),
        ("Insurance", 3), ("Hospitals and Health Care", 6), ("Pharmaceutical Manufacturing", 2),
        ("Medical Equipment Manufacturing", 2), ("Higher Education", 3), ("Primary and Secondary Education", 3),
        ("Retail", 5), ("Wholesale", 3), ("Transportation, Logistics, Supply Chain and Storage", 4), ("Construction", 4),
        ("Real Estate", 3), ("Accounting", 2), ("Law Practice", 2), ("Business Consulting and Services", 6),
        ("Advertising Services", 3), ("Media Production", 2), ("Telecommunications", 2),
        ("Government Administration", 2), ("Hospitality", 2), ("Restaurants", 2),
        ("Food and Beverage Manufacturing", 2), ("Motor Vehicle Manufacturing", 2),
        ("Industrial Machinery Manufacturing", 3), ("Oil and Gas", 1), ("Utilities", 1), ("Farming", 1),
        ("Non-profit Organizations", 3), ("Staffing and Recruiting", 2),
        ("Aviation and Aerospace Component Manufacturing", 1), ("Research Services", 2),
        ("Entertainment Providers", 1), ("Armed Forces", 1), ("Environmental Services", 1), ("Mining", 1),
    ];

    /// <summary>Older LinkedIn industry names that ICPs still use, mapped to the current ones.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Computer Software"] = "Software Development", ["Internet"] = "Software Development",
        ["Information Technology and Services"] = "IT Services and IT Consulting",
        ["Hospital & Health Care"] = "Hospitals and Health Care", ["Health Care"] = "Hospitals and Health Care",
        ["Healthcare"] = "Hospitals and Health Care", ["Management Consulting"] = "Business Consulting and Services",
        ["Marketing and Advertising"] = "Advertising Services", ["Pharmaceuticals"] = "Pharmaceutical Manufacturing",
        ["Medical Devices"] = "Medical Equipment Manufacturing", ["Education Management"] = "Higher Education",
        ["Logistics and Supply Chain"] = "Transportation, Logistics, Supply Chain and Storage",
        ["Legal Services"] = "Law Practice", ["Fintech"] = "Financial Services", ["SaaS"] = "Software Development",
    };

    /// <summary>Industries that employ each SOC major group, with relative weights.</summary>
    public static readonly IReadOnlyDictionary<string, (string Industry, int Weight)[]> ByMajorGroup =
        new Dictionary<string, (string, int)[]>(StringComparer.Ordinal)
        {
            ["11"] = [("Business Consulting and Services", 3), ("Software Development", 3), ("Financial Services", 2),
                      ("Retail", 2), ("Hospitals and Health Care", 2), ("IT Services and IT Consulting", 2),
                      ("Construction", 1), ("Industrial Machinery Manufacturing", 1), ("Non-profit Organizations", 1),
                      ("Government Administration", 1), ("Real Estate", 1), ("Hospitality", 1), ("Insurance", 1),
                      ("Transportation, Logistics, Supply Chain and Storage", 1), ("Banking", 1)],
            ["13"] = [("Financial Services", 4), ("Accounting", 4), ("Business Consulting and Services", 4), ("Banking", 3),
                      ("Insurance", 3), ("Staffing and Recruiting", 2), ("Government Administration", 1),
                      ("Software Development", 1), ("Retail", 1)],
            ["15"] = [("Software Development", 6), ("IT Services and IT Consulting", 5), ("Financial Services", 2),
                      ("Telecommunications", 2), ("Banking", 1), ("Insurance", 1), ("Research Services", 1),
                      ("Business Consulting and Services", 1), ("Hospitals and Health Care", 1), ("Retail", 1)],
            ["17"] = [("Construction", 4), ("Industrial Machinery Manufacturing", 3), ("Motor Vehicle Manufacturing", 2),
                      ("Aviation and Aerospace Component Manufacturing", 2), ("Oil and Gas", 2), ("Utilities", 2),
                      ("Business Consulting and Services", 1), ("Environmental Services", 1), ("Telecommunications", 1),
                      ("Medical Equipment Manufacturing", 1)],
            ["19"] = [("Research Services", 4), ("Higher Education", 3), ("Pharmaceutical Manufacturing", 3),
                      ("Environmental Services", 2), ("Government Administration", 2), ("Farming", 1), ("Oil and Gas", 1),
                      ("Hospitals and Health Care", 1)],
            ["21"] = [("Non-profit Organizations", 5), ("Government Administration", 3), ("Hospitals and Health Care", 2),
                      ("Primary and Secondary Education", 1)],
            ["23"] = [("Law Practice", 7), ("Government Administration", 1), ("Financial Services", 1), ("Insurance", 1)],
            ["25"] = [("Higher Education", 5), ("Primary and Secondary Education", 5), ("Non-profit Organizations", 1)],
            ["27"] = [("Advertising Services", 4), ("Media Production", 4), ("Entertainment Providers", 3),
                      ("Software Development", 1), ("Retail", 1)],
            ["29"] = [("Hospitals and Health Care", 8), ("Pharmaceutical Manufacturing", 1),
                      ("Medical Equipment Manufacturing", 1), ("Government Administration", 1)],
            ["31"] = [("Hospitals and Health Care", 8), ("Non-profit Organizations", 1)],
            ["33"] = [("Government Administration", 5), ("Armed Forces", 2), ("Retail", 1), ("Hospitality", 1)],
            ["35"] = [("Restaurants", 6), ("Hospitality", 3), ("Food and Beverage Manufacturing", 1)],
            ["37"] = [("Real Estate", 3), ("Hospitality", 2), ("Government Administration", 1),
                      ("Environmental Services", 1), ("Construction", 1)],
            ["39"] = [("Hospitality", 3), ("Entertainment Providers", 2), ("Non-profit Organizations", 1),
                      ("Hospitals and Health Care", 1), ("Retail", 1)],
            ["41"] = [("Retail", 4), ("Wholesale", 3), ("Software Development", 2), ("Real Estate", 2), ("Insurance", 2),
                      ("Financial Services", 1), ("Telecommunications", 1), ("Advertising Services", 1),
                      ("Staffing and Recruiting", 1)],
            ["43"] = [("Business Consulting and Services", 2), ("Financial Services", 2), ("Hospitals and Health Care", 2),
                      ("Government Administration", 2), ("Insurance", 1), ("Retail", 1), ("Law Practice", 1),
                      ("Transportation, Logistics, Supply Chain and Storage", 1), ("Accounting", 1),
                      ("Staffing and Recruiting", 1)],
            ["45"] = [("Farming", 8), ("Food and Beverage Manufacturing", 2)],
            ["47"] = [("Construction", 8), ("Utilities", 1), ("Mining", 1)],
            ["49"] = [("Industrial Machinery Manufacturing", 2), ("Motor Vehicle Manufacturing", 2), ("Utilities", 2),
                      ("Telecommunications", 2), ("Aviation and Aerospace Component Manufacturing", 1), ("Construction", 1)],
            ["51"] = [("Industrial Machinery Manufacturing", 3), ("Food and Beverage Manufacturing", 2),
                      ("Motor Vehicle Manufacturing", 2), ("Pharmaceutical Manufacturing", 1),
                      ("Medical Equipment Manufacturing", 1), ("Aviation and Aerospace Component Manufacturing", 1),
                      ("Oil and Gas", 1)],
            ["53"] = [("Transportation, Logistics, Supply Chain and Storage", 8),
                      ("Aviation and Aerospace Component Manufacturing", 1), ("Retail", 1), ("Wholesale", 1)],
            ["55"] = [("Armed Forces", 9), ("Government Administration", 1)],
        };

    /// <summary>How strongly a SOC major group is represented on a professional network, relative to its number of
    /// occupations: desk jobs are over-represented there, production and field work under-represented.</summary>
    public static readonly IReadOnlyDictionary<string, double> MajorGroupPresence = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["11"] = 3.0, ["13"] = 3.0, ["15"] = 3.5, ["17"] = 2.0, ["19"] = 1.0, ["21"] = 0.8, ["23"] = 1.0, ["25"] = 1.0,
        ["27"] = 1.5, ["29"] = 1.2, ["31"] = 0.5, ["33"] = 0.4, ["35"] = 0.4, ["37"] = 0.3, ["39"] = 0.4, ["41"] = 2.5,
        ["43"] = 1.2, ["45"] = 0.2, ["47"] = 0.3, ["49"] = 0.4, ["51"] = 0.3, ["53"] = 0.4, ["55"] = 0.2,
    };

    /// <summary>Words a company in the industry puts after its name ("Northwind Analytics").</summary>
    public static readonly IReadOnlyDictionary<string, string[]> NameSuffixes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Software Development"] = ["Software", "Labs", "Technologies", "Cloud", "Analytics", "Systems", "AI", "Digital"],
        ["IT Services and IT Consulting"] = ["IT", "Tech Consulting", "Solutions", "Networks", "Data Services", "Infotech"],
        ["Financial Services"] = ["Capital", "Financial", "Investments", "Asset Management", "Payments", "Wealth"],
        ["Banking"] = ["Bank", "Savings Bank", "Trust", "Bancorp"],
        ["Insurance"] = ["Insurance", "Mutual", "Assurance", "Underwriters"],
        ["Hospitals and Health Care"] = ["Health", "Medical Center", "Clinic", "Care", "Hospital", "Health Partners"],
        ["Pharmaceutical Manufacturing"] = ["Pharma", "Therapeutics", "Biosciences", "Laboratories"],
        ["Medical Equipment Manufacturing"] = ["Medical", "MedTech", "Devices", "Diagnostics"],
        ["Higher Education"] = ["University", "College", "Institute of Technology", "Polytechnic"],
        ["Primary and Secondary Education"] = ["Academy", "School District", "Schools", "Learning"],
        ["Retail"] = ["Stores", "Market", "Outfitters", "Retail", "Supply"],
        ["Wholesale"] = ["Distributors", "Wholesale", "Trading", "Supply Co"],
        ["Transportation, Logistics, Supply Chain and Storage"] = ["Logistics", "Freight", "Transport", "Shipping", "Warehousing"],
        ["Construction"] = ["Builders", "Construction", "Contractors", "Building Group"],
        ["Real Estate"] = ["Realty", "Properties", "Real Estate", "Estates"],
        ["Accounting"] = ["Accountants", "CPA", "Audit", "Tax Advisors"],
        ["Law Practice"] = ["Law", "Legal", "Law Group", "Attorneys"],
        ["Business Consulting and Services"] = ["Consulting", "Advisory", "Partners", "Strategy", "Group"],
        ["Advertising Services"] = ["Creative", "Media", "Agency", "Marketing", "Brands"],
        ["Media Production"] = ["Studios", "Productions", "Pictures", "Media"],
        ["Telecommunications"] = ["Telecom", "Communications", "Wireless", "Fiber"],
        ["Government Administration"] = ["County Services", "Public Works", "City Authority", "Agency"],
        ["Hospitality"] = ["Hotels", "Resorts", "Hospitality", "Inns"],
        ["Restaurants"] = ["Kitchen", "Bistro", "Restaurants", "Eatery", "Grill"],
        ["Food and Beverage Manufacturing"] = ["Foods", "Beverages", "Bakery", "Brewing"],
        ["Motor Vehicle Manufacturing"] = ["Motors", "Automotive", "Vehicles", "Mobility"],
        ["Industrial Machinery Manufacturing"] = ["Industries", "Machinery", "Manufacturing", "Engineering", "Works"],
        ["Oil and Gas"] = ["Energy", "Petroleum", "Oil & Gas", "Resources"],
        ["Utilities"] = ["Power", "Utilities", "Water", "Electric"],
        ["Farming"] = ["Farms", "Agriculture", "Growers", "Harvest"],
        ["Non-profit Organizations"] = ["Foundation", "Alliance", "Trust", "Society", "Association"],
        ["Staffing and Recruiting"] = ["Talent", "Staffing", "Recruitment", "People"],
        ["Aviation and Aerospace Component Manufacturing"] = ["Aerospace", "Aviation", "Avionics", "Aero"],
        ["Research Services"] = ["Research", "Labs", "Institute", "Sciences"],
        ["Entertainment Providers"] = ["Entertainment", "Events", "Live", "Games"],
        ["Armed Forces"] = ["Defense Command", "Regiment", "Defense Services"],
        ["Environmental Services"] = ["Environmental", "Recycling", "Ecology", "Green Services"],
        ["Mining"] = ["Mining", "Minerals", "Metals", "Quarries"],
    };
}

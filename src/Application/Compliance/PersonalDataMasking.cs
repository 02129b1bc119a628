using LeadGen.Domain.Prospects;
using Marten.Events;

namespace LeadGen.Application.Compliance;

/// <summary>
/// Every event field that can hold a person's data, and what it becomes when they are erased (docs/adr/0012). Marten
/// rewrites the stored events of an erased person's stream in place with these rules. A new event type that carries
/// personal data must get its rule here; the erasure test's pg_dump scan fails otherwise.
/// </summary>
public static class PersonalDataMasking
{
    public static void Register(IEventStoreOptions events)
    {
        events.AddMaskingRuleForProtectedInformation<ProspectDiscovered>(e => e with { Profile = ProspectProfile.Erased });
        // The employer and the score's sentences (which quote title, skills, industry and location) name the person
        // again beside each other; the numbers stay.
        events.AddMaskingRuleForProtectedInformation<ProspectEnriched>(e => e with { Email = null, Company = null });
        events.AddMaskingRuleForProtectedInformation<ProspectScored>(e => e with { Explanation = e.Explanation.Erased() });
        // Free text a user typed about the person.
        events.AddMaskingRuleForProtectedInformation<ProspectFitJudged>(e => e with { Reason = null });
        events.AddMaskingRuleForProtectedInformation<ProspectObjected>(e => e with { Reason = null });
    }
}

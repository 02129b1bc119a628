namespace LeadGen.Domain.Campaigns;

public enum CampaignState { Running, Completed, Cancelled, BudgetExhausted, Failed }

public static class CampaignStateNames
{
    /// <summary>The status as the HTTP contract spells it.</summary>
    public static string ToApiName(this CampaignState state) => state switch
    {
        CampaignState.Running => "running",
        CampaignState.Completed => "completed",
        CampaignState.Cancelled => "cancelled",
        CampaignState.BudgetExhausted => "budget-exhausted",
        CampaignState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParseApiName(string? name, out CampaignState state)
    {
        foreach (var candidate in Enum.GetValues<CampaignState>())
        {
            if (string.Equals(candidate.ToApiName(), name, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }
}

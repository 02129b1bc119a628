namespace LeadGen.Domain.Common;

/// <summary>A decision the aggregate refuses in its current state (e.g. converting a prospect that is not qualified).
/// The API answers 409 Conflict: the request was well-formed, the state does not allow it.</summary>
public sealed class BusinessRuleViolation(string message) : Exception(message);

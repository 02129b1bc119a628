namespace LeadGen.Application.Common;

/// <summary>The thing asked for does not exist for this tenant (another tenant's id is indistinguishable): 404.</summary>
public sealed class NotFound(string resource, object id) : Exception($"{resource} '{id}' was not found.");

/// <summary>The request is well-formed but refers to something that cannot be used as asked: 422, with the field.</summary>
public sealed class Unprocessable(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

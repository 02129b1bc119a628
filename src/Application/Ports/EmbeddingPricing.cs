namespace LeadGen.Application.Ports;

/// <summary>Who produces the embeddings and what a million input tokens cost (0 for the local model). The matcher turns
/// the token usage an embedding API reports into cost events with it.</summary>
public sealed record EmbeddingPricing(string Provider, decimal PricePerMillionTokens)
{
    public static readonly EmbeddingPricing Local = new("local", 0m);

    /// <summary>The local model reports no usage: its embeddings are never charged.</summary>
    public bool IsLocal => this == Local;
}

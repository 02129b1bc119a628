namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>Draws items with probability proportional to their weight (binary search over cumulative weights).</summary>
internal sealed class WeightedPicker<T>
{
    private readonly T[] items;
    private readonly double[] cumulative;

    public WeightedPicker(IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.Where(w => w.Weight > 0).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A picker needs at least one item with a positive weight.", nameof(weighted));
        }

        items = new T[list.Count];
        cumulative = new double[list.Count];
        var total = 0d;
        for (var i = 0; i < list.Count; i++)
        {
            items[i] = list[i].Item;
            total += list[i].Weight;
            cumulative[i] = total;
        }
    }

    public T Pick(Random random)
    {
        var target = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        // BinarySearch returns the complement of the first larger element when there is no exact hit.
        index = index < 0 ? ~index : index + 1;
        return items[Math.Min(index, items.Length - 1)];
    }
}

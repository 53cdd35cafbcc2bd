using KerasSharp.Engine;

namespace KerasSharp.Data;

/// <summary>Views of enumerables of tuples as enumerables of <see cref="Batch"/>; each enumeration enumerates the source afresh.</summary>
internal static class Batches
{
    public static IEnumerable<Batch> Of(IEnumerable<(Tensor X, Tensor Y)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Select(b => (Batch)b);
    }

    public static IEnumerable<Batch> Of(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Select(b => (Batch)b);
    }

    public static IEnumerable<Batch> Of(IEnumerable<(Tensors X, Tensors Y)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Select(b => (Batch)b);
    }
}

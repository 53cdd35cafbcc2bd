namespace KerasSharp.Layers;

/// <summary>
/// Lets the outputs of a layer with several of them be unpacked as in Python:
/// <c>var (output, h, c) = new LSTM(64, returnState: true).ApplyMany(x);</c>.
/// </summary>
public static class ListDeconstruction
{
    /// <summary>Unpacks exactly two tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="first">The first.</param>
    /// <param name="second">The second.</param>
    public static void Deconstruct<T>(this IReadOnlyList<T> tensors, out T first, out T second)
        where T : class
    {
        Expect(tensors, 2);
        (first, second) = (tensors[0], tensors[1]);
    }

    /// <summary>Unpacks exactly three tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="first">The first.</param>
    /// <param name="second">The second.</param>
    /// <param name="third">The third.</param>
    public static void Deconstruct<T>(this IReadOnlyList<T> tensors, out T first, out T second, out T third)
        where T : class
    {
        Expect(tensors, 3);
        (first, second, third) = (tensors[0], tensors[1], tensors[2]);
    }

    /// <summary>Unpacks exactly four tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="first">The first.</param>
    /// <param name="second">The second.</param>
    /// <param name="third">The third.</param>
    /// <param name="fourth">The fourth.</param>
    public static void Deconstruct<T>(this IReadOnlyList<T> tensors, out T first, out T second, out T third, out T fourth)
        where T : class
    {
        Expect(tensors, 4);
        (first, second, third, fourth) = (tensors[0], tensors[1], tensors[2], tensors[3]);
    }

    private static void Expect<T>(IReadOnlyList<T> tensors, int count)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count != count)
        {
            throw new ArgumentException($"Cannot unpack {tensors.Count} values into {count} variables.", nameof(tensors));
        }
    }
}

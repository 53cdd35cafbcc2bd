using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>Which operand of a binary selection (maximum, minimum) an output element came from, for its gradient.</summary>
internal interface ISelection
{
    /// <summary>The first operand gets the gradient of this element.</summary>
    static abstract bool First(float a, float b);

    /// <summary>The second operand gets the gradient of this element.</summary>
    static abstract bool Second(float a, float b);
}

/// <summary>Maximum: the first operand where <c>a ≥ b</c>, the second where <c>a &lt; b</c> (neither for NaN).</summary>
internal readonly struct MaximumSelection : ISelection
{
    public static bool First(float a, float b) => a >= b;

    public static bool Second(float a, float b) => a < b;
}

/// <summary>Minimum: the first operand where <c>a ≤ b</c>, the second where <c>a &gt; b</c> (neither for NaN).</summary>
internal readonly struct MinimumSelection : ISelection
{
    public static bool First(float a, float b) => a <= b;

    public static bool Second(float a, float b) => a > b;
}

/// <summary>The gradient kernel of element-wise selections.</summary>
internal static class Selection
{
    /// <summary>
    /// <c>ga[i] = First(a[i], b[i]) ? g[i] : 0</c> and <c>gb[i] = Second(a[i], b[i]) ? g[i] : 0</c>; an empty
    /// destination is skipped. All non-empty spans have the same length. Allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RouteGradient<TSelection>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> g, Span<float> ga, Span<float> gb)
        where TSelection : struct, ISelection
    {
        if (!ga.IsEmpty)
        {
            for (int i = 0; i < g.Length; i++)
            {
                ga[i] = TSelection.First(a[i], b[i]) ? g[i] : 0f;
            }
        }
        if (!gb.IsEmpty)
        {
            for (int i = 0; i < g.Length; i++)
            {
                gb[i] = TSelection.Second(a[i], b[i]) ? g[i] : 0f;
            }
        }
    }
}

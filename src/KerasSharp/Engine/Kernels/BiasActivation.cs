using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The fused epilogue of a matrix-product layer on a row-major <c>(rows, channels)</c> block: add a per-channel bias
/// and optionally apply ReLU in the same pass over cache-hot data, plus the matching backward pieces.
/// </summary>
internal static class BiasActivation
{
    /// <summary><c>y[r, c] = act(y[r, c] + bias[c])</c> in place; an empty bias adds nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> y, ReadOnlySpan<float> bias, int channels, bool relu)
    {
        if (bias.IsEmpty)
        {
            if (relu)
            {
                // max(x, 0) propagates NaN, like Ops.Relu
                TensorPrimitives.Max(y, 0f, y);
            }
            return;
        }
        // one pass per row with the bias in registers: per-row library calls cost more than the work for small rows
        int width = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? channels - channels % width : 0;
        for (int offset = 0; offset < y.Length; offset += channels)
        {
            var row = y.Slice(offset, channels);
            for (int c = 0; c < vectorEnd; c += width)
            {
                var v = new Vector<float>(row[c..]) + new Vector<float>(bias[c..]);
                (relu ? ReluVector(v) : v).CopyTo(row[c..]);
            }
            for (int c = vectorEnd; c < channels; c++)
            {
                float v = row[c] + bias[c];
                row[c] = relu ? ReluScalar(v) : v;
            }
        }
    }

    private static Vector<float> ReluVector(Vector<float> v) =>
        // keep NaN (v != v) as Vector.Max might not
        Vector.ConditionalSelect(Vector.Equals(v, v), Vector.Max(v, Vector<float>.Zero), v);

    private static float ReluScalar(float v) => v > 0f || float.IsNaN(v) ? v : 0f;

    /// <summary>
    /// ReLU backward from the output: <c>dz[i] = y[i] &gt; 0 ? g[i] : 0</c> (ReLU′(0) = 0, as <see cref="Ops.Relu"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dz)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= y.Length - width; i += width)
            {
                var yv = new Vector<float>(y[i..]);
                var gv = new Vector<float>(g[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(yv, Vector<float>.Zero), gv, Vector<float>.Zero).CopyTo(dz[i..]);
            }
        }
        for (; i < y.Length; i++)
        {
            dz[i] = y[i] > 0f ? g[i] : 0f;
        }
    }

    /// <summary>Bias gradient: the column sums <c>db[c] = Σ_r g[r, c]</c> of a <c>(rows, channels)</c> block, added to <paramref name="db"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateColumnSums(ReadOnlySpan<float> g, int channels, Span<float> db)
    {
        // rows are summed in order for every column (vector lanes are columns), so the result is the plain loop's
        int rows = channels == 0 ? 0 : g.Length / channels;
        int width = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? channels - channels % width : 0;
        for (int c = 0; c < vectorEnd; c += width)
        {
            var acc = new Vector<float>(db[c..]);
            for (int r = 0; r < rows; r++)
            {
                acc += new Vector<float>(g[(r * channels + c)..]);
            }
            acc.CopyTo(db[c..]);
        }
        for (int c = vectorEnd; c < channels; c++)
        {
            float acc = db[c];
            for (int r = 0; r < rows; r++)
            {
                acc += g[r * channels + c];
            }
            db[c] = acc;
        }
    }
}

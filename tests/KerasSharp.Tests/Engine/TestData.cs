using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

/// <summary>Deterministic test inputs for the engine tests (seeded, small, away from kinks when asked).</summary>
internal static class TestData
{
    /// <summary>Uniform values in [lo, hi).</summary>
    public static Tensor Uniform(int seed, double lo, double hi, params int[] shape)
    {
        var rng = new Rng(seed);
        var s = new Shape(shape);
        var v = new float[s.Size];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        }
        return shape.Length == 0 ? Tensor.Scalar(v[0]) : Tensor.FromArray(v, shape);
    }

    /// <summary>Values whose magnitude lies in [min, max) with a random sign: never within <paramref name="min"/> of 0.</summary>
    public static Tensor AwayFromZero(int seed, double min, double max, params int[] shape)
    {
        var rng = new Rng(seed);
        var s = new Shape(shape);
        var v = new float[s.Size];
        for (int i = 0; i < v.Length; i++)
        {
            double m = min + (max - min) * rng.NextDouble();
            v[i] = (float)(rng.NextUInt() % 2 == 0 ? m : -m);
        }
        return shape.Length == 0 ? Tensor.Scalar(v[0]) : Tensor.FromArray(v, shape);
    }

    /// <summary>Distinct values spaced <paramref name="spacing"/> apart in a seeded random order (no ties for max/min).</summary>
    public static Tensor Distinct(int seed, double spacing, params int[] shape)
    {
        var rng = new Rng(seed);
        var s = new Shape(shape);
        int n = s.Size;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        rng.Shuffle(order);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((order[i] - n / 2.0) * spacing);
        }
        return shape.Length == 0 ? Tensor.Scalar(v[0]) : Tensor.FromArray(v, shape);
    }

    /// <summary>Uniform doubles in [lo, hi) as floats (for kernels working on raw spans).</summary>
    public static float[] Floats(int seed, int count, double lo = -1, double hi = 1)
    {
        var rng = new Rng(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        }
        return v;
    }

    /// <summary>Adds a constant outside any tape (test input preparation).</summary>
    public static Tensor Plus(this Tensor t, float c)
    {
        var v = t.ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] += c;
        }
        return t.Rank == 0 ? Tensor.Scalar(v[0]) : Tensor.FromArray(v, t.Shape.ToArray());
    }
}

namespace KerasSharp.Engine;

/// <summary>
/// A seedable pseudo-random generator (xoshiro128**), the engine behind initializers, dropout and shuffling: a
/// <see cref="SeedGenerator"/> wraps one, a seeded initializer makes one per call, and <see cref="Keras.Random"/> is the
/// global one that default seeds are drawn from. Not thread-safe.
/// </summary>
public sealed class Rng
{
    private uint _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Creates a generator from a seed.</summary>
    /// <param name="seed">The seed.</param>
    public Rng(long seed)
    {
        ulong z = (ulong)seed;
        _s0 = (uint)SplitMix(ref z);
        _s1 = (uint)SplitMix(ref z);
        _s2 = (uint)SplitMix(ref z);
        _s3 = (uint)SplitMix(ref z);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt()
    {
        uint result = BitRotate(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 11);
        return result;
    }

    private static uint BitRotate(uint x, int k) => (x << k) | (x >> (32 - k));

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (((ulong)NextUInt() << 21) ^ (NextUInt() >> 11)) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public float Uniform(float min = 0f, float max = 1f) => (float)(min + (max - min) * NextDouble());

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">Upper bound.</param>
    public int NextInt(int maxExclusive) => (int)(NextDouble() * maxExclusive);

    /// <summary>A normal sample (Box–Muller).</summary>
    /// <param name="mean">Mean.</param>
    /// <param name="stddev">Standard deviation.</param>
    public float Normal(float mean = 0f, float stddev = 1f)
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return (float)(mean + stddev * spare);
        }
        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return (float)(mean + stddev * r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>A normal sample redrawn until it lies within two standard deviations of the mean (Keras' truncated normal).</summary>
    /// <param name="mean">Mean.</param>
    /// <param name="stddev">Standard deviation before truncation.</param>
    public float TruncatedNormal(float mean = 0f, float stddev = 1f)
    {
        while (true)
        {
            float z = Normal();
            if (z >= -2f && z <= 2f)
            {
                return mean + stddev * z;
            }
        }
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    /// <param name="values">The values.</param>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}

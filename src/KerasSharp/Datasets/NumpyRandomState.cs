namespace KerasSharp.Datasets;

/// <summary>
/// The part of NumPy's legacy <c>numpy.random.RandomState</c> the Keras datasets use to shuffle: the MT19937
/// generator seeded from one 32-bit integer, and <c>shuffle</c> / <c>permutation</c> of a 1-D array, so that a split
/// made here holds the same examples in the same order as Keras' <c>RandomState(seed).shuffle(indices)</c>.
/// </summary>
/// <remarks>
/// <para>Seeding is the reference <c>init_genrand</c> (what NumPy's <c>mt19937_seed</c> does for an integer seed).
/// Each 32-bit draw regenerates the 624-word state when it is used up and applies MT19937's tempering.</para>
/// <para><c>shuffle</c> walks <c>i</c> from <c>n - 1</c> down to 1 and swaps element <c>i</c> with element
/// <c>j</c>, where <c>j</c> is NumPy's <c>random_interval(i)</c>: draws masked to the smallest all-ones bit mask
/// covering <c>i</c>, rejected until one is at most <c>i</c> (32-bit draws when <c>i</c> fits in 32 bits,
/// otherwise 64-bit draws made of two 32-bit ones, high word first).</para>
/// </remarks>
internal sealed class NumpyRandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _key = new uint[StateLength];
    private int _position;

    /// <summary>Seeds the generator as <c>numpy.random.RandomState(seed)</c> does.</summary>
    /// <param name="seed">The seed, between 0 and 2**32 - 1 as NumPy requires.</param>
    /// <exception cref="ArgumentOutOfRangeException">The seed is negative or does not fit in 32 bits.</exception>
    internal NumpyRandomState(long seed)
    {
        if (seed is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"Seed must be between 0 and 2**32 - 1. Received: seed={seed}");
        }

        uint s = (uint)seed;
        for (int i = 0; i < StateLength; i++)
        {
            _key[i] = s;
            s = unchecked((1812433253u * (s ^ (s >> 30))) + (uint)i + 1);
        }

        _position = StateLength;
    }

    /// <summary>The next 32 random bits (NumPy's <c>next_uint32</c> of the MT19937 bit generator).</summary>
    internal uint NextUInt32()
    {
        if (_position == StateLength)
        {
            Regenerate();
        }

        uint y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A uniformly drawn integer in [0, <paramref name="max"/>] (NumPy's <c>random_interval</c>).</summary>
    /// <param name="max">The largest value that may be returned.</param>
    internal ulong RandomInterval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }

        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = NextUInt64() & mask) > max)
            {
            }
        }

        return value;
    }

    /// <summary>Shuffles <paramref name="values"/> in place, as <c>RandomState.shuffle</c> shuffles a 1-D array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The elements.</param>
    internal void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)RandomInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>The indices 0 to <paramref name="n"/> - 1 shuffled, as <c>RandomState.permutation(n)</c> returns
    /// them (and as Keras' <c>rng.shuffle(np.arange(n))</c> leaves them).</summary>
    /// <param name="n">How many indices.</param>
    internal int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var indices = new int[n];
        for (int i = 0; i < n; i++)
        {
            indices[i] = i;
        }

        Shuffle(indices.AsSpan());
        return indices;
    }

    private ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return (high << 32) | NextUInt32();
    }

    private void Regenerate()
    {
        int k;
        uint y;
        for (k = 0; k < StateLength - Shift; k++)
        {
            y = (_key[k] & UpperMask) | (_key[k + 1] & LowerMask);
            _key[k] = _key[k + Shift] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        for (; k < StateLength - 1; k++)
        {
            y = (_key[k] & UpperMask) | (_key[k + 1] & LowerMask);
            _key[k] = _key[k + Shift - StateLength] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        y = (_key[StateLength - 1] & UpperMask) | (_key[0] & LowerMask);
        _key[StateLength - 1] = _key[Shift - 1] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        _position = 0;
    }
}

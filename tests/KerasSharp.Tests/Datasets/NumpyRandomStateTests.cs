using System.Globalization;
using KerasSharp.Datasets;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class NumpyRandomStateTests
{
    private static int[] ParseInts(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    [Test]
    public void NextUInt32_ReferenceSeed5489_GivesMt19937ReferenceOutput()
    {
        var random = new NumpyRandomState(5489);

        // the first outputs of the reference MT19937 (init_genrand(5489))
        Assert.That(new[] { random.NextUInt32(), random.NextUInt32() }, Is.EqualTo(new[] { 3499211612u, 581869302u }));
    }

    [Test]
    public void Constructor_SeedOutOfRange_ThrowsNumpysMessage()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NumpyRandomState(-1));

        Assert.That(e.Message, Does.StartWith("Seed must be between 0 and 2**32 - 1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NumpyRandomState(1L << 32));
    }

    [Test]
    public void Permutation_Seed113Of10_IsNumpys()
    {
        // numpy.random.RandomState(113).permutation(10)
        Assert.That(new NumpyRandomState(113).Permutation(10), Is.EqualTo(new[] { 9, 3, 6, 1, 0, 7, 4, 8, 2, 5 }));
    }

    [Test]
    public void Permutation_EmptyAndSingle_DrawNothing()
    {
        var random = new NumpyRandomState(7);

        Assert.That(random.Permutation(0), Is.Empty);
        Assert.That(random.Permutation(1), Is.EqualTo(new[] { 0 }));
        Assert.That(random.NextUInt32(), Is.EqualTo(new NumpyRandomState(7).NextUInt32()));
    }

    [Test]
    public void Permutation_ManySeedsAndSizes_MatchNumpy()
    {
        // Keras' split: rng = RandomState(seed); indices = arange(n); rng.shuffle(indices), twice in a row as IMDB does
        (long Seed, int First, int Second)[] cases = [(0, 2, 5), (113, 506, 20640), (1, 1000, 3), (4294967295, 625, 1249), (42, 25000, 25000)];
        string spec = string.Join(";", cases.Select(c => $"{c.Seed},{c.First},{c.Second}"));
        string output = H5py.Run(
            """
            import sys, numpy as np
            for case in sys.argv[1].split(';'):
                seed, a, b = (int(v) for v in case.split(','))
                rng = np.random.RandomState(seed)
                for n in (a, b):
                    idx = np.arange(n)
                    rng.shuffle(idx)
                    print(' '.join(map(str, idx)))
            """,
            spec);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(cases.Length * 2));
        for (int c = 0; c < cases.Length; c++)
        {
            var random = new NumpyRandomState(cases[c].Seed);
            Assert.That(random.Permutation(cases[c].First), Is.EqualTo(ParseInts(lines[2 * c])), $"seed {cases[c].Seed}, first shuffle");
            Assert.That(random.Permutation(cases[c].Second), Is.EqualTo(ParseInts(lines[(2 * c) + 1])), $"seed {cases[c].Seed}, second shuffle");
        }
    }

    [Test]
    public void RandomInterval_32And64BitRanges_MatchNumpysMaskedBoundedIntegers()
    {
        ulong[] maxima = [1, 6, 255, 1000, uint.MaxValue, (1UL << 33) + 5, ulong.MaxValue >> 3];
        string output = H5py.Run(
            """
            import sys, numpy as np
            rng = np.random.RandomState(2024)
            for m in sys.argv[1].split(','):
                print(' '.join(str(int(v)) for v in rng.randint(0, int(m) + 1, size=4, dtype=np.uint64)))
            """,
            string.Join(",", maxima));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var random = new NumpyRandomState(2024);
        for (int i = 0; i < maxima.Length; i++)
        {
            ulong[] expected = lines[i].Split(' ').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            ulong[] actual = [.. Enumerable.Range(0, 4).Select(_ => random.RandomInterval(maxima[i]))];
            Assert.That(actual, Is.EqualTo(expected), $"max {maxima[i]}");
        }
    }
}

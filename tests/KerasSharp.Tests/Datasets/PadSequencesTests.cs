using KerasSharp.Tests.Saving;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class PadSequencesTests
{
    private static readonly int[][] Sequences = [[1], [2, 3], [4, 5, 6, 7], []];

    [Test]
    public void PadSequences_Defaults_PadsBeforeToLongest()
    {
        var x = Keras.Utils.PadSequences(Sequences);

        Assert.That(x.ToArray2D(), Is.EqualTo(new float[,] { { 0, 0, 0, 1 }, { 0, 0, 2, 3 }, { 4, 5, 6, 7 }, { 0, 0, 0, 0 } }));
    }

    [TestCase("pre", "pre")]
    [TestCase("post", "pre")]
    [TestCase("pre", "post")]
    [TestCase("post", "post")]
    public void PadSequences_PaddingAndTruncating_MatchKeras(string padding, string truncating)
    {
        // keras.utils.pad_sequences semantics, computed with the same slicing in NumPy
        string expected = H5py.Run(
            """
            import sys, numpy as np
            seqs = [[1], [2, 3], [4, 5, 6, 7], []]
            maxlen, padding, truncating = 3, sys.argv[1], sys.argv[2]
            x = np.full((len(seqs), maxlen), -1.5, dtype='float32')
            for i, s in enumerate(seqs):
                if not len(s): continue
                t = s[-maxlen:] if truncating == 'pre' else s[:maxlen]
                if padding == 'post': x[i, :len(t)] = t
                else: x[i, -len(t):] = t
            print(' '.join(str(v) for v in x.ravel()))
            """,
            padding,
            truncating);

        var x = Keras.Utils.PadSequences(Sequences, maxlen: 3, padding: padding, truncating: truncating, value: -1.5);

        Assert.That(x.ToArray(), Is.EqualTo(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void PadSequences_UnknownPadding_ThrowsKerasMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => Keras.Utils.PadSequences(Sequences, padding: "middle"));

        Assert.That(e.Message, Does.StartWith("Padding type \"middle\" not understood"));
        Assert.Throws<ArgumentException>(() => Keras.Utils.PadSequences(Sequences, truncating: "x"));
    }

    [Test]
    public void PadSequences_MaxlenZero_GivesEmptyRows()
    {
        var x = Keras.Utils.PadSequences(Sequences, maxlen: 0);

        Assert.That(x.Shape.ToString(), Is.EqualTo(new KerasSharp.Engine.Shape(4, 0).ToString()));
    }
}

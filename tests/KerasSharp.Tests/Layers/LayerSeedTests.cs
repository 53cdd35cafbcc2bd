using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// The built-in layers make their default initializers in the constructor, so their weights depend only on the
/// order in which layers are created, not on when (or on which thread) they are built.
/// </summary>
public class LayerSeedTests
{
    private static IEnumerable<TestCaseData> Layers()
    {
        yield return Case("Dense", () => new Dense(5), new Shape(-1, 4));
        yield return Case("Embedding", () => new Embedding(10, 3), new Shape(-1, 2));
        yield return Case("Conv1D", () => new Conv1D(3, 2), new Shape(-1, 6, 2));
        yield return Case("Conv2D", () => new Conv2D(3, 2), new Shape(-1, 5, 5, 2));
        yield return Case("SimpleRNN", () => new SimpleRNN(3), new Shape(-1, 4, 2));
        yield return Case("LSTM", () => new LSTM(3), new Shape(-1, 4, 2));
        yield return Case("GRU", () => new GRU(3), new Shape(-1, 4, 2));
    }

    private static TestCaseData Case(string name, Func<Layer> create, Shape inputShape) =>
        new TestCaseData(create, inputShape).SetArgDisplayNames(name);

    private static float[] Weights(Layer layer) => layer.GetWeights().SelectMany(w => w.ToArray()).ToArray();

    [TestCaseSource(nameof(Layers))]
    public void Build_Unseeded_WeightsDependOnCreationOrderNotOnBuildTime(Func<Layer> create, Shape inputShape)
    {
        Keras.SetRandomSeed(12);
        var layer = create();
        layer.EnsureBuilt(inputShape);
        var expected = Weights(layer);

        Keras.SetRandomSeed(12);
        var again = create();
        _ = new GlorotUniform();          // draws from the global stream between construction and build
        _ = Keras.Random.NextUInt();
        again.EnsureBuilt(inputShape);
        Assert.That(Weights(again), Is.EqualTo(expected));
    }

    [Test]
    public void Build_TwoUnseededLayers_GetDifferentKernels()
    {
        var a = new Dense(4);
        var b = new Dense(4);
        a.EnsureBuilt(new Shape(-1, 3));
        b.EnsureBuilt(new Shape(-1, 3));
        Assert.That(b.Kernel.Value.ToArray(), Is.Not.EqualTo(a.Kernel.Value.ToArray()));
    }

    [Test]
    public void Apply_LstmDropoutUnseeded_MasksDependOnCreationOrderNotOnCallTime()
    {
        var x = LayerTestHarness.RandomInput(new Shape(3, 4, 5), seed: 2);
        Keras.SetRandomSeed(13);
        var expected = new LSTM(3, dropout: 0.5f).Apply(x, training: true).ToArray();

        Keras.SetRandomSeed(13);
        var again = new LSTM(3, dropout: 0.5f);
        _ = new Dropout(0.5f);
        _ = Keras.Random.NextUInt();
        Assert.That(again.Apply(x, training: true).ToArray(), Is.EqualTo(expected));
    }
}

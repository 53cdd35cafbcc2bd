using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// The checks every layer must pass: output shape from <c>Apply</c> and from <c>ComputeOutputShape</c> (batch as
/// None), weight counts, the config's base and layer-specific keys, and for layers with trainable weights that one
/// plain gradient step lowers a simple loss.
/// </summary>
public static class LayerTestHarness
{
    /// <summary>Runs the common layer checks.</summary>
    /// <param name="factory">Creates a fresh, unbuilt layer (called twice).</param>
    /// <param name="inputShape">A concrete input shape, batch axis included.</param>
    /// <param name="expectedOutputShape">The concrete output shape for <paramref name="inputShape"/>.</param>
    /// <param name="expectedTrainableWeights">How many trainable weights the built layer has.</param>
    /// <param name="expectedNonTrainableWeights">How many non-trainable weights the built layer has.</param>
    /// <param name="expectedConfigKeys">Layer-specific keys <c>GetConfig()</c> must contain.</param>
    public static void Run(Func<Layer> factory, Shape inputShape, Shape expectedOutputShape,
        int expectedTrainableWeights, int expectedNonTrainableWeights, params string[] expectedConfigKeys)
    {
        ArgumentNullException.ThrowIfNull(factory);

        var symbolic = factory().ComputeOutputShape(inputShape.WithBatch(-1));
        Assert.That(symbolic, Is.EqualTo(expectedOutputShape.WithBatch(-1)), "ComputeOutputShape with a None batch");

        var layer = factory();
        Assert.That(layer.Built, Is.False, "A new layer must not be built yet.");
        var x = RandomInput(inputShape);
        var y = layer.Apply(x);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(expectedOutputShape), "Apply output shape");
            Assert.That(layer.Built, Is.True, "Apply builds the layer.");
            Assert.That(layer.OutputShape, Is.EqualTo(expectedOutputShape.WithBatch(-1)), "OutputShape after building");
            Assert.That(layer.TrainableWeights, Has.Count.EqualTo(expectedTrainableWeights), "trainable weights");
            Assert.That(layer.NonTrainableWeights, Has.Count.EqualTo(expectedNonTrainableWeights), "non-trainable weights");
            Assert.That(layer.Weights, Has.Count.EqualTo(expectedTrainableWeights + expectedNonTrainableWeights), "all weights");
        });

        var config = layer.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((string?)config["name"], Is.EqualTo(layer.Name), "config name");
            Assert.That((bool?)config["trainable"], Is.True, "config trainable");
            foreach (var key in expectedConfigKeys)
            {
                Assert.That(config.ContainsKey(key), Is.True, $"config key '{key}' (config: {config.ToJsonString()})");
            }
            Assert.That(layer.GetConfig(), Is.Not.SameAs(config), "GetConfig builds a fresh object each call.");
        });

        if (expectedTrainableWeights > 0)
        {
            AssertGradientStepLowersLoss(layer, x);
        }
    }

    /// <summary>One step <c>w ← w − 0.01·∂L/∂w</c> on <c>L = mean(y²)</c> must lower <c>L</c>.</summary>
    private static void AssertGradientStepLowersLoss(Layer layer, Tensor x)
    {
        var weights = layer.TrainableWeights;
        float before;
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.Mean(Ops.Square(layer.Apply(x)));
            before = loss.Item();
            grads = tape.Gradient(loss, weights);
        }
        double norm = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            foreach (var g in grads[i].Span)
            {
                norm += (double)g * g;
            }
            weights[i].Assign(Ops.Subtract(weights[i].Value, Ops.Multiply(grads[i], Tensor.Scalar(0.01f))));
        }
        float after = Ops.Mean(Ops.Square(layer.Apply(x))).Item();
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.GreaterThan(0), "The loss must depend on the trainable weights.");
            Assert.That(after, Is.LessThan(before), "One gradient step must lower mean(y²).");
        });
    }

    /// <summary>A reproducible input with values in [-1, 1).</summary>
    /// <param name="shape">A concrete shape.</param>
    /// <param name="seed">The generator seed.</param>
    public static Tensor RandomInput(Shape shape, int seed = 1234)
    {
        var rng = new Rng(seed);
        var values = new float[shape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Uniform(-1f, 1f);
        }
        return Tensor.FromArray(values, shape.ToArray());
    }
}

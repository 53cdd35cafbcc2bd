using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class BatchNormalizationTests
{
    private static readonly float[] Gamma3 = [1.5f, -0.5f, 2f];
    private static readonly float[] Beta3 = [0.25f, 1f, -0.75f];

    /// <summary>A (6, 3) batch whose channels have different means and spreads.</summary>
    private static float[] Batch(int seed)
    {
        var x = NormReference.Values(18, seed);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = x[i] * (1 + i % 3) + (i % 3) * 3f;
        }
        return x;
    }

    private static BatchNormalization KnownLayer(float momentum = 0.99f)
    {
        var bn = new BatchNormalization(momentum: momentum, name: "bn");
        bn.EnsureBuilt(new Shape(-1, 3));
        bn.SetWeights([Gamma3, Beta3, Tensor.FromArray([0.5f, -1f, 2f]), Tensor.FromArray([4f, 0.25f, 1.5f])]);
        return bn;
    }

    [Test]
    public void Harness_Defaults_HasGammaBetaAndMovingStatistics() =>
        LayerTestHarness.Run(() => new BatchNormalization(), new Shape(4, 3), new Shape(4, 3), 2, 2,
            "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
            "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer");

    [Test]
    public void Harness_NoCenterNoScale_HasOnlyMovingStatistics() =>
        LayerTestHarness.Run(() => new BatchNormalization(center: false, scale: false), new Shape(2, 5, 4), new Shape(2, 5, 4), 0, 2, "center", "scale");

    [Test]
    public void Build_Weights_HaveKerasNamesShapesAndOrder()
    {
        var bn = new BatchNormalization(axis: 1, name: "bn");
        bn.EnsureBuilt(new Shape(-1, 5, 7, 7));
        Assert.Multiple(() =>
        {
            Assert.That(bn.Weights.Select(w => w.Path), Is.EqualTo(new[] { "bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance" }));
            Assert.That(bn.Weights.Select(w => w.Trainable), Is.EqualTo(new[] { true, true, false, false }));
            Assert.That(bn.Weights.All(w => w.Shape == new Shape(5)), Is.True);
            Assert.That(bn.Gamma!.Value.ToArray(), Is.All.EqualTo(1f), "gamma starts at ones");
            Assert.That(bn.Beta!.Value.ToArray(), Is.All.EqualTo(0f), "beta starts at zeros");
            Assert.That(bn.MovingMean.Value.ToArray(), Is.All.EqualTo(0f), "moving mean starts at zeros");
            Assert.That(bn.MovingVariance.Value.ToArray(), Is.All.EqualTo(1f), "moving variance starts at ones");
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var bn = new BatchNormalization();
        var config = bn.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(bn.Name, Does.StartWith("batch_normalization"));
            Assert.That((int)config["axis"]!, Is.EqualTo(-1));
            Assert.That((double)config["momentum"]!, Is.EqualTo(0.99));
            Assert.That((double)config["epsilon"]!, Is.EqualTo(0.001));
            Assert.That((bool)config["center"]! && (bool)config["scale"]!, Is.True);
            Assert.That((string?)config["beta_initializer"]!["class_name"], Is.EqualTo("Zeros"));
            Assert.That((string?)config["gamma_initializer"]!["class_name"], Is.EqualTo("Ones"));
            Assert.That((string?)config["moving_mean_initializer"]!["class_name"], Is.EqualTo("Zeros"));
            Assert.That((string?)config["moving_variance_initializer"]!["class_name"], Is.EqualTo("Ones"));
        });
    }

    [Test]
    public void Apply_TwoValues_NormalizesByHand()
    {
        // mean 2, biased variance 1: (x − 2)/√(1 + 0.001) = ∓0.99950037...
        var y = new BatchNormalization().Apply(Tensor.FromArray([1f, 3f], 2, 1), training: true);
        TensorAssert.AllClose(y, [(float)(-1 / Math.Sqrt(1.001)), (float)(1 / Math.Sqrt(1.001))]);
    }

    [Test]
    public void Apply_Training_UsesBatchStatistics()
    {
        var x = Batch(1);
        var y = KnownLayer().Apply(Tensor.FromArray(x, 6, 3), training: true);
        var (mean, variance) = NormReference.ChannelMoments(x, 6, 3, 1);
        TensorAssert.AllClose(y, NormReference.ChannelNormalize(x, 6, 3, 1, mean, variance, Gamma3, Beta3, 1e-3), 1e-5, 1e-5);
    }

    [Test]
    public void Apply_TrainingChannelsFirst_NormalizesAxis1()
    {
        var x = NormReference.Values(2 * 3 * 2 * 2, 5, -3f, 4f);
        var bn = new BatchNormalization(axis: 1, epsilon: 0.01f);
        bn.EnsureBuilt(new Shape(-1, 3, 2, 2));
        bn.SetWeights([Gamma3, Beta3, Tensor.Zeros(new Shape(3)), Tensor.Ones(new Shape(3))]);
        var y = bn.Apply(Tensor.FromArray(x, 2, 3, 2, 2), training: true);
        var (mean, variance) = NormReference.ChannelMoments(x, 2, 3, 4);
        TensorAssert.AllClose(y, NormReference.ChannelNormalize(x, 2, 3, 4, mean, variance, Gamma3, Beta3, 0.01), 1e-5, 1e-5);
    }

    [Test]
    public void Apply_Inference_UsesMovingStatistics()
    {
        var x = Batch(2);
        var y = KnownLayer().Apply(Tensor.FromArray(x, 6, 3), training: false);
        var expected = NormReference.ChannelNormalize(x, 6, 3, 1, [0.5, -1, 2], [4, 0.25, 1.5], Gamma3, Beta3, 1e-3);
        TensorAssert.AllClose(y, expected, 1e-5, 1e-5);
    }

    [Test]
    public void Apply_TrainingTwice_UpdatesMovingAveragesWithMomentum()
    {
        var bn = KnownLayer(momentum: 0.9f);
        var x1 = Batch(3);
        var x2 = Batch(4);
        bn.Apply(Tensor.FromArray(x1, 6, 3), training: true);
        var (m1, v1) = NormReference.ChannelMoments(x1, 6, 3, 1);
        double[] mm = [0.5, -1, 2], mv = [4, 0.25, 1.5];
        var mm1 = mm.Select((m, i) => m * 0.9 + m1[i] * 0.1).ToArray();
        var mv1 = mv.Select((v, i) => v * 0.9 + v1[i] * 0.1).ToArray();
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(bn.MovingMean.Value, mm1.Select(v => (float)v).ToArray(), 1e-6, 1e-6);
            TensorAssert.AllClose(bn.MovingVariance.Value, mv1.Select(v => (float)v).ToArray(), 1e-6, 1e-6);
        });

        bn.Apply(Tensor.FromArray(x2, 6, 3), training: true);
        var (m2, v2) = NormReference.ChannelMoments(x2, 6, 3, 1);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(bn.MovingMean.Value, mm1.Select((m, i) => (float)(m * 0.9 + m2[i] * 0.1)).ToArray(), 1e-6, 1e-6);
            TensorAssert.AllClose(bn.MovingVariance.Value, mv1.Select((v, i) => (float)(v * 0.9 + v2[i] * 0.1)).ToArray(), 1e-6, 1e-6);
        });
    }

    [Test]
    public void Apply_DefaultMomentum_MovesOnePercent()
    {
        var bn = new BatchNormalization();
        bn.Apply(Tensor.FromArray([1f, 3f, 5f, 7f], 4, 1), training: true);
        Assert.Multiple(() =>
        {
            Assert.That(bn.MovingMean.Value.Item(), Is.EqualTo(0.04f).Within(1e-7), "0·0.99 + 4·0.01");
            Assert.That(bn.MovingVariance.Value.Item(), Is.EqualTo(0.99f + 0.05f).Within(1e-7), "1·0.99 + 5·0.01");
        });
    }

    [Test]
    public void Apply_Inference_DoesNotUpdateMovingStatistics()
    {
        var bn = KnownLayer();
        bn.Apply(Tensor.FromArray(Batch(5), 6, 3), training: false);
        Assert.Multiple(() =>
        {
            Assert.That(bn.MovingMean.Value.ToArray(), Is.EqualTo(new[] { 0.5f, -1f, 2f }));
            Assert.That(bn.MovingVariance.Value.ToArray(), Is.EqualTo(new[] { 4f, 0.25f, 1.5f }));
        });
    }

    [Test]
    public void Apply_FrozenLayerWithTrainingTrue_UsesAndKeepsMovingStatistics()
    {
        var bn = KnownLayer();
        bn.Trainable = false;
        var x = Batch(6);
        var y = bn.Apply(Tensor.FromArray(x, 6, 3), training: true);
        var expected = NormReference.ChannelNormalize(x, 6, 3, 1, [0.5, -1, 2], [4, 0.25, 1.5], Gamma3, Beta3, 1e-3);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, expected, 1e-5, 1e-5);
            Assert.That(bn.MovingMean.Value.ToArray(), Is.EqualTo(new[] { 0.5f, -1f, 2f }), "moving mean unchanged");
            Assert.That(bn.MovingVariance.Value.ToArray(), Is.EqualTo(new[] { 4f, 0.25f, 1.5f }), "moving variance unchanged");
            Assert.That(bn.TrainableWeights, Is.Empty);
            Assert.That(bn.NonTrainableWeights, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Gradient_TrainingLayer_FlowsThroughBatchStatistics()
    {
        var bn = KnownLayer();
        var x = Tensor.FromArray(Batch(7), 6, 3);
        GradientChecker.Check(xs => bn.Apply(xs[0], training: true), [x]);
    }

    [Test]
    public void Gradient_TrainingLayer_SumOfOutputsPerChannel_DoesNotDependOnInputs()
    {
        // Σ_batch y = N·β whatever x is, so the gradient of Σ y w.r.t. x vanishes only if the batch statistics are differentiated.
        var bn = KnownLayer();
        var x = Tensor.FromArray(Batch(8), 6, 3);
        using var tape = GradientTape.Record();
        var sum = Ops.Sum(bn.Apply(x, training: true));
        var grads = tape.Gradient(sum, [x, bn.Gamma!.Value, bn.Beta!.Value]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], new float[18], 0, 1e-5);
            TensorAssert.AllClose(grads[1], new float[3], 0, 1e-5);
            TensorAssert.AllClose(grads[2], [6f, 6f, 6f]);
        });
    }

    [Test]
    public void Gradient_InferenceLayer_MatchesNumeric()
    {
        var bn = KnownLayer();
        GradientChecker.Check(xs => bn.Apply(xs[0], training: false), [Tensor.FromArray(Batch(9), 6, 3)]);
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var bn = new BatchNormalization(axis: 1, momentum: 0.9, epsilon: 1e-5, center: false, gammaInitializer: "he_normal",
            movingVarianceInitializer: new KerasSharp.Initializers.Constant(2.0), gammaRegularizer: new KerasSharp.Regularizers.L2(0.01), name: "bn_cfg");
        var json = ObjectRegistry.SerializeLayer(bn);
        var copy = (BatchNormalization)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.Axis, Is.EqualTo(1));
            Assert.That(copy.Momentum, Is.EqualTo(0.9));
            Assert.That(copy.Epsilon, Is.EqualTo(1e-5));
            Assert.That(copy.Center, Is.False);
            Assert.That((double)json["config"]!["epsilon"]!, Is.EqualTo(1e-5));
        });
    }

    [Test]
    public void FromConfig_Keras2AxisList_IsRead()
    {
        var config = JsonNode.Parse("""{"name": "bn2", "trainable": true, "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true}""")!.AsObject();
        Assert.That(BatchNormalization.FromConfig(config).Axis, Is.EqualTo(3));
    }

    [Test]
    public void Build_AxisOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 3, name: "bn_axis").Apply(Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("bn_axis").And.Contain("axis=3"));
    }

    [Test]
    public void Apply_OtherChannelCountAfterBuild_ThrowsInputSpecError()
    {
        var bn = new BatchNormalization(name: "bn_spec");
        bn.Apply(Tensor.Zeros(new Shape(2, 3)));
        var ex = Assert.Throws<ArgumentException>(() => bn.Apply(Tensor.Zeros(new Shape(2, 4))));
        Assert.That(ex!.Message, Does.Contain("bn_spec").And.Contain("expected axis -1 of input shape to have value 3"));
    }

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var config = new BatchNormalization(momentum: 0.99, epsilon: 1e-3).GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((double)config["momentum"]!, Is.EqualTo(0.99));
            Assert.That(config["momentum"]!.ToJsonString(), Is.EqualTo("0.99"));
            Assert.That((double)config["epsilon"]!, Is.EqualTo(1e-3));
            Assert.That(new BatchNormalization(momentum: 0.9).Momentum, Is.EqualTo(0.9));
        });
    }

    [Test]
    public void MovingAverage_FloatOrDoubleMomentum_IsBitForBitTheSame()
    {
        var x = Tensor.FromArray([1f, 2f, 4f, 7f, -3f, 0.5f], 3, 2);
        var fromFloat = new BatchNormalization(momentum: 0.9f, epsilon: 1e-5f);
        var fromDouble = new BatchNormalization(momentum: 0.9, epsilon: 1e-5);
        var yFloat = fromFloat.Apply(x, training: true);
        var yDouble = fromDouble.Apply(x, training: true);
        Assert.Multiple(() =>
        {
            Assert.That(yFloat.ToArray(), Is.EqualTo(yDouble.ToArray()));
            Assert.That(fromFloat.MovingMean.Value.ToArray(), Is.EqualTo(fromDouble.MovingMean.Value.ToArray()));
            Assert.That(fromFloat.MovingVariance.Value.ToArray(), Is.EqualTo(fromDouble.MovingVariance.Value.ToArray()));
        });
    }
}

using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class DropoutTests
{
    /// <summary>Positive, non-zero inputs so a dropped unit (0) is never confused with a kept one.</summary>
    private static Tensor PositiveInput(Shape shape, int seed = 3)
    {
        var rng = new Rng(seed);
        var values = new float[shape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Uniform(0.5f, 1.5f);
        }
        return Tensor.FromArray(values, shape.ToArray());
    }

    [Test]
    public void Harness_Rate05_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new Dropout(0.5f), new Shape(2, 3, 4), new Shape(2, 3, 4), 0, 0, "rate", "noise_shape", "seed");

    [Test]
    public void Apply_Inference_IsIdentity()
    {
        var layer = new Dropout(0.5f, seed: 1);
        var x = PositiveInput(new Shape(4, 25));
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(layer.Apply(x), x, 0, 0);
            TensorAssert.AllClose(layer.Apply(x, training: false), x, 0, 0);
        });
    }

    [TestCase(0.1f)]
    [TestCase(0.3f)]
    [TestCase(0.5f)]
    [TestCase(0.8f)]
    public void Apply_Training_DropsAboutRateAndScalesKeptExactly(float rate)
    {
        var x = PositiveInput(new Shape(200, 500));
        var y = new Dropout(rate, seed: 11).Apply(x, training: true);
        var xs = x.Span;
        var ys = y.Span;
        int dropped = 0, wrong = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            if (ys[i] == 0f)
            {
                dropped++;
            }
            else if (ys[i] != xs[i] / (1f - rate))
            {
                wrong++;
            }
        }
        double fraction = (double)dropped / ys.Length;
        // 100 000 Bernoulli draws: the standard deviation of the fraction is below 0.0016; 0.01 is over 6 sigma.
        Assert.Multiple(() =>
        {
            Assert.That(fraction, Is.EqualTo(rate).Within(0.01), "fraction of dropped units");
            Assert.That(wrong, Is.Zero, "kept units must be exactly x / (1 - rate)");
            Assert.That(y.Shape, Is.EqualTo(x.Shape));
        });
    }

    [Test]
    public void Apply_SameSeed_SameMask()
    {
        var x = PositiveInput(new Shape(10, 30));
        var a = new Dropout(0.5f, seed: 42).Apply(x, training: true);
        var b = new Dropout(0.5f, seed: 42).Apply(x, training: true);
        var c = new Dropout(0.5f, seed: 43).Apply(x, training: true);
        Assert.Multiple(() =>
        {
            Assert.That(a.ToArray(), Is.EqualTo(b.ToArray()), "same seed");
            Assert.That(a.ToArray(), Is.Not.EqualTo(c.ToArray()), "different seed");
        });
    }

    [Test]
    public void Apply_TwoTrainingCalls_DrawNewMasks()
    {
        var layer = new Dropout(0.5f, seed: 42);
        var x = PositiveInput(new Shape(10, 30));
        var first = layer.Apply(x, training: true).ToArray();
        var second = layer.Apply(x, training: true).ToArray();
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Apply_NoSeed_FollowsSessionSeed()
    {
        var x = PositiveInput(new Shape(10, 30));
        Keras.SetRandomSeed(7);
        var a = new Dropout(0.5f).Apply(x, training: true).ToArray();
        Keras.SetRandomSeed(7);
        var b = new Dropout(0.5f).Apply(x, training: true).ToArray();
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Apply_NoSeed_SeedDrawnAtConstructionNotAtCall()
    {
        var x = PositiveInput(new Shape(10, 30));
        Keras.SetRandomSeed(8);
        var a = new Dropout(0.5f);
        var b = new Dropout(0.5f);
        var expected = a.Apply(x, training: true).ToArray();
        Keras.SetRandomSeed(8);
        var again = new Dropout(0.5f);
        _ = new Dropout(0.5f).Apply(x, training: true);   // other layers and global draws between construction and call
        _ = Keras.Random.NextUInt();
        Assert.Multiple(() =>
        {
            Assert.That(again.Apply(x, training: true).ToArray(), Is.EqualTo(expected));
            Assert.That(b.Apply(x, training: true).ToArray(), Is.Not.EqualTo(expected), "each layer has a seed of its own");
        });
    }

    [Test]
    public void Apply_SameSeedTwoLayers_SameSequenceOfMasks()
    {
        var x = PositiveInput(new Shape(6, 20));
        var a = new Dropout(0.4f, seed: 3);
        var b = new Dropout(0.4f, seed: 3);
        var a1 = a.Apply(x, training: true).ToArray();
        var a2 = a.Apply(x, training: true).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(b.Apply(x, training: true).ToArray(), Is.EqualTo(a1));
            Assert.That(b.Apply(x, training: true).ToArray(), Is.EqualTo(a2));
            Assert.That(a2, Is.Not.EqualTo(a1));
        });
    }

    [Test]
    public void Gradient_DroppedUnitsGetZero_KeptUnitsGetInverseKeep()
    {
        const float rate = 0.4f;
        var layer = new Dropout(rate, seed: 5);
        var x = PositiveInput(new Shape(20, 20));
        Tensor y, g;
        using (var tape = GradientTape.Record())
        {
            y = layer.Apply(x, training: true);
            g = tape.Gradient(Ops.Sum(y), [x])[0];
        }
        var ys = y.Span;
        var gs = g.Span;
        int dropped = 0, mismatches = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            float expected = ys[i] == 0f ? 0f : 1f / (1f - rate);
            dropped += ys[i] == 0f ? 1 : 0;
            mismatches += Math.Abs(gs[i] - expected) <= 1e-6f ? 0 : 1;
        }
        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.GreaterThan(0), "some units must be dropped");
            Assert.That(mismatches, Is.Zero, "gradient is 1/(1-rate) on kept units and 0 on dropped ones");
        });
    }

    [Test]
    public void Apply_Rate1_GivesZerosAndZeroGradient()
    {
        var layer = new Dropout(1f);
        var x = PositiveInput(new Shape(3, 4));
        Tensor y, g;
        using (var tape = GradientTape.Record())
        {
            y = layer.Apply(x, training: true);
            g = tape.Gradient(Ops.Sum(y), [x])[0];
        }
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, new float[12], 0, 0);
            TensorAssert.AllClose(g, new float[12], 0, 0);
        });
    }

    [Test]
    public void Apply_Rate0Training_IsIdentity()
    {
        var x = PositiveInput(new Shape(3, 4));
        TensorAssert.AllClose(new Dropout(0f).Apply(x, training: true), x, 0, 0);
    }

    [Test]
    public void Apply_NoiseShape_SharesMaskAlongBroadcastAxis()
    {
        var layer = new Dropout(0.5f, noiseShape: [-1, 1, -1], seed: 3);
        var y = layer.Apply(Tensor.Ones(new Shape(4, 5, 50)), training: true);
        int inconsistent = 0, dropped = 0;
        for (int b = 0; b < 4; b++)
        {
            for (int f = 0; f < 50; f++)
            {
                bool first = y[b, 0, f] == 0f;
                dropped += first ? 1 : 0;
                for (int t = 1; t < 5; t++)
                {
                    inconsistent += (y[b, t, f] == 0f) == first ? 0 : 1;
                }
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(inconsistent, Is.Zero, "the mask must be the same for every timestep");
            Assert.That(dropped, Is.InRange(40, 160), "about half of the 200 (batch, feature) pairs dropped");
        });
    }

    [Test]
    public void Apply_NoiseShapeOfWrongRank_ThrowsNamingLayer()
    {
        var layer = new Dropout(0.5f, noiseShape: [-1, 1], name: "drop");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Ones(new Shape(2, 3, 4)), training: true));
        Assert.That(ex!.Message, Does.Contain("\"drop\"").And.Contain("noise_shape=(None, 1)").And.Contain("(2, 3, 4)"));
    }

    [TestCase(-0.1f, "-0.1")]
    [TestCase(1.5f, "1.5")]
    [TestCase(float.NaN, "NaN")]
    public void Constructor_RateOutsideUnitInterval_ThrowsKerasMessage(float rate, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Dropout(rate));
        Assert.That(ex!.Message, Does.Contain($"Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={shown}"));
    }

    [Test]
    public void Constructor_NonPositiveNoiseDimension_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Dropout(0.5f, noiseShape: [2, 0]));
        Assert.That(ex!.Message, Does.Contain("Invalid value received for argument `noise_shape`").And.Contain("Received negative or zero value at index 1: 0"));
    }

    [Test]
    public void GetConfig_Defaults_AreKeras()
    {
        var config = new Dropout(0.25f).GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((double?)config["rate"], Is.EqualTo(0.25));
            Assert.That(config.ContainsKey("seed") && config["seed"] is null, Is.True);
            Assert.That(config.ContainsKey("noise_shape") && config["noise_shape"] is null, Is.True);
        });
    }

    [Test]
    public void GetConfig_SeedAndNoiseShape_AreWritten()
    {
        int[] noise = [-1, 1, 4];
        var layer = new Dropout(0.5f, noiseShape: noise, seed: 9);
        noise[2] = 99; // the layer keeps its own copy
        var config = layer.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((int?)config["seed"], Is.EqualTo(9));
            Assert.That(config["noise_shape"]!.ToJsonString(), Is.EqualTo("[null,1,4]"));
            Assert.That(layer.NoiseShape, Is.EqualTo(new[] { -1, 1, 4 }));
            Assert.That(layer.Seed, Is.EqualTo(9));
            Assert.That(layer.Rate, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Name_Default_IsDropout()
    {
        Keras.ClearSession();
        var first = new Dropout(0.1f);
        var second = new Dropout(0.1f);
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("dropout"));
            Assert.That(second.Name, Is.EqualTo("dropout_1"));
            Assert.That(first.ClassName, Is.EqualTo("Dropout"));
        });
    }

    [Test]
    public void Constructor_DoubleLiteral_IsStoredAndWrittenAsTyped()
    {
        var layer = new Dropout(0.3);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Rate, Is.EqualTo(0.3));
            Assert.That(layer.GetConfig()["rate"]!.ToJsonString(), Is.EqualTo("0.3"));
        });
    }

    [Test]
    public void Constructor_FloatLiteral_IsTheDecimalTypedAndDropsTheSame()
    {
        var x = Tensor.Ones(new Shape(4, 8));
        var fromFloat = new Dropout(0.3f, seed: 5);
        var fromDouble = new Dropout(0.3, seed: 5);
        Assert.Multiple(() =>
        {
            Assert.That(fromFloat.Rate, Is.EqualTo(0.3));
            Assert.That(fromFloat.Apply(x, training: true).ToArray(), Is.EqualTo(fromDouble.Apply(x, training: true).ToArray()));
        });
    }
}

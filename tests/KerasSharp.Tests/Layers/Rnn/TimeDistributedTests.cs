using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class TimeDistributedTests
{
    /// <summary>A user layer that does not declare its output shape: its inputs side by side with their squares.</summary>
    private sealed class WithSquares : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Concatenate([inputs, Ops.Square(inputs)], axis: -1);
    }

    /// <summary>The wrapped layer applied to each time step on its own, the results stacked on axis 1.</summary>
    private static Tensor PerStep(Layer layer, Tensor x)
    {
        var steps = Ops.Unstack(x, axis: 1);
        return Ops.Stack([.. steps.Select(step => layer.Apply(step))], axis: 1);
    }

    [Test]
    public void Harness_Dense_AppliesToEveryStep() =>
        LayerTestHarness.Run(() => new TimeDistributed(new Dense(8)), new Shape(2, 5, 16), new Shape(2, 5, 8), 2, 0, "layer");

    [Test]
    public void Call_Dense_EqualsTheLayerAppliedStepByStep()
    {
        var layer = new TimeDistributed(new Dense(8, activation: "tanh"), name: "td");
        var x = LayerTestHarness.RandomInput(new Shape(3, 5, 16), seed: 1);
        var y = layer.Apply(x);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(3, 5, 8)));
            TensorAssert.AllClose(y, PerStep(layer.Layer, x), 1e-6, 1e-7);
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[] { $"td/{layer.Layer.Name}/kernel", $"td/{layer.Layer.Name}/bias" }));
            Assert.That(layer.Weights[0].Shape, Is.EqualTo(new Shape(16, 8)), "the wrapped layer is built for one step (batch, 16)");
            Assert.That(layer.CountParams(), Is.EqualTo(16 * 8 + 8));
        });
    }

    [Test]
    public void Call_Conv2D_EqualsTheLayerAppliedStepByStep()
    {
        var layer = new TimeDistributed(new Conv2D(4, 3, padding: "same", activation: "relu"));
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, 6, 5, 2), seed: 2);
        var y = layer.Apply(x);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 6, 5, 4)));
            TensorAssert.AllClose(y, PerStep(layer.Layer, x), 1e-5, 1e-6);
        });
    }

    [Test]
    public void Apply_Symbolic_InfersTheShapeFromTheWrappedLayer()
    {
        var frames = Keras.Input(shape: [10, 32, 32, 3]);
        var features = new TimeDistributed(new Conv2D(8, 3)).Apply(frames);
        var sequence = Keras.Input(shape: [-1, 16]);
        var projected = new TimeDistributed(new Dense(8)).Apply(sequence);
        var custom = new TimeDistributed(new WithSquares()).Apply(Keras.Input(shape: [7, 3]));
        Assert.Multiple(() =>
        {
            Assert.That(features.Shape, Is.EqualTo(new Shape(-1, 10, 30, 30, 8)));
            Assert.That(projected.Shape, Is.EqualTo(new Shape(-1, -1, 8)));
            Assert.That(custom.Shape, Is.EqualTo(new Shape(-1, 7, 6)), "a user layer without an output shape is run once on zeros");
        });
    }

    [Test]
    public void Apply_InputOfRankTwo_ThrowsKerasMessage()
    {
        var layer = new TimeDistributed(new Dense(2), name: "td_2d");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(4, 3))));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("`TimeDistributed` Layer \"td_2d\" should be passed an `input_shape` with at least 3 dimensions, received: (None, 3)"));
            Assert.That(layer.Built, Is.False);
            Assert.That(() => layer.ComputeOutputShape(new Shape(-1, 3)), Throws.ArgumentException.With.Message.Contains("at least 3 dimensions"));
        });
    }

    [Test]
    public void Gradient_WithRespectToInput_MatchesFiniteDifferences()
    {
        var layer = new TimeDistributed(new Dense(3, activation: "tanh"));
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 4, 3), seed: 3)]);
    }

    [Test]
    public void Gradient_WithRespectToWeights_MatchesFiniteDifferences()
    {
        var layer = new TimeDistributed(new Conv2D(2, 2, activation: "tanh"));
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, 3, 3, 1), seed: 4);
        layer.EnsureBuilt(x.Shape.WithBatch(-1));
        RnnReference.CheckWeightGradients(layer, x);
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new TimeDistributed(new Dense(4, activation: "relu", name: "inner"), name: "td_c");
        layer.EnsureBuilt(new Shape(-1, 6, 3));
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (TimeDistributed)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        copy.EnsureBuilt(new Shape(-1, 6, 3)); // a built layer records its build_config, as in Keras
        Assert.Multiple(() =>
        {
            Assert.That((string?)json["class_name"], Is.EqualTo("TimeDistributed"));
            Assert.That((string?)json["config"]!["layer"]!["class_name"], Is.EqualTo("Dense"));
            Assert.That((string?)json["config"]!["layer"]!["config"]!["activation"], Is.EqualTo("relu"));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.Layer, Is.TypeOf<Dense>());
            Assert.That(copy.Layer.Name, Is.EqualTo("inner"));
        });
    }

    [Test]
    public void Trainable_False_FreezesTheWrappedLayer()
    {
        var layer = new TimeDistributed(new Dense(2));
        layer.EnsureBuilt(new Shape(-1, 3, 4));
        layer.Trainable = false;
        Assert.Multiple(() =>
        {
            Assert.That(layer.TrainableWeights, Is.Empty);
            Assert.That(layer.NonTrainableWeights, Has.Count.EqualTo(2));
            Assert.That(layer.Layer.Trainable, Is.False);
        });
    }

    [Test]
    public void Sequential_BidirectionalThenTimeDistributed_TrainsPerStepTargets()
    {
        // a tagger: every step's label is the sign of that step's input plus the next one
        Keras.SetRandomSeed(5);
        var x = LayerTestHarness.RandomInput(new Shape(48, 5, 1), seed: 6);
        var xs = x.ToArray();
        var y = new float[48 * 5];
        for (int i = 0; i < 48; i++)
        {
            for (int t = 0; t < 5; t++)
            {
                float next = t < 4 ? xs[i * 5 + t + 1] : 0f;
                y[i * 5 + t] = xs[i * 5 + t] + next > 0 ? 1f : 0f;
            }
        }
        var model = new Sequential([
            new Bidirectional(new LSTM(6, returnSequences: true), inputShape: new Shape(5, 1)),
            new TimeDistributed(new Dense(1, activation: "sigmoid")),
        ]);
        model.Compile(optimizer: new Adam(learningRate: 0.02), loss: "binary_crossentropy");
        var losses = model.Fit(x, Tensor.FromArray(y, 48, 5, 1), batchSize: 16, epochs: 20, verbose: 0).History["loss"];
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers[1].OutputShape, Is.EqualTo(new Shape(-1, 5, 1)));
            Assert.That(model.Layers[1].CountParams(), Is.EqualTo(12 + 1));
            Assert.That(losses[^1], Is.LessThan(0.7 * losses[0]), $"losses: {string.Join(", ", losses)}");
        });
    }
}

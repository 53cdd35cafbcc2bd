using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Models;

public class SequentialTests
{
    [SetUp]
    public void ResetSession() => Keras.ClearSession();

    [Test]
    public void AutoNames_FollowKerasCounters()
    {
        var model = new Sequential().Add(new Dense(4, inputDim: 3)).Add(new Dense(2)).Add(new Dense(1));
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("sequential"));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "dense", "dense_1", "dense_2" }));
            Assert.That(new Sequential().Name, Is.EqualTo("sequential_1"));
        });
    }

    [Test]
    public void Add_WithInputLayer_BuildsImmediatelyAndHidesInputFromLayers()
    {
        var model = new Sequential([new Input(shape: [8]), new Dense(4), new Dense(1)]);
        Assert.Multiple(() =>
        {
            Assert.That(model.Built, Is.True);
            Assert.That(model.Layers, Has.Count.EqualTo(2));
            Assert.That(model.Layers[0].OutputShape.ToString(), Is.EqualTo("(None, 4)"));
            Assert.That(model.CountParams(), Is.EqualTo(8 * 4 + 4 + 4 + 1));
        });
    }

    [Test]
    public void Add_InputDimOnFirstLayer_BuildsImmediately()
    {
        var model = new Sequential().Add(new Dense(1, inputDim: 8, activation: "sigmoid"));
        Assert.That(model.Built, Is.True);
        Assert.That(model.TrainableWeights.Select(w => w.Shape.ToString()), Is.EqualTo(new[] { "(8, 1)", "(1,)" }));
    }

    [Test]
    public void Build_FromFirstBatch_WhenNoInputShapeGiven()
    {
        var model = new Sequential([new Dense(3), new Dense(2)]);
        Assert.That(model.Built, Is.False);
        var y = model.Predict(new float[,] { { 1, 2, 3, 4, 5 } }, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.Built, Is.True);
            Assert.That(y.Shape.ToString(), Is.EqualTo("(1, 2)"));
            Assert.That(model.Layers[0].Weights[0].Shape.ToString(), Is.EqualTo("(5, 3)"));
        });
    }

    [Test]
    public void Add_DuplicateName_ThrowsKerasMessage()
    {
        var model = new Sequential().Add(new Dense(2, name: "head"));
        var ex = Assert.Throws<ArgumentException>(() => model.Add(new Dense(2, name: "head")));
        Assert.That(ex!.Message, Does.Contain("should have unique names").And.Contain("\"head\""));
    }

    [Test]
    public void Add_InputAfterLayers_Throws()
    {
        var model = new Sequential().Add(new Dense(2, inputDim: 3));
        var ex = Assert.Throws<ArgumentException>(() => model.Add(new Input(shape: [3])));
        Assert.That(ex!.Message, Does.Contain("has already been configured to use input shape (None, 3)"));
    }

    [Test]
    public void Pop_RemovesLastLayer_AndNewHeadIsBuiltOnTheNewTop()
    {
        var model = new Sequential([new Input(shape: [6]), new Dense(5), new Dense(3)]);
        var removed = model.Pop();
        model.Add(new Dense(2, name: "new_head"));
        Assert.Multiple(() =>
        {
            Assert.That(removed.Name, Is.EqualTo("dense_1"));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "dense", "new_head" }));
            Assert.That(model.Layers[1].Weights[0].Shape.ToString(), Is.EqualTo("(5, 2)"));
            Assert.That(model.OutputShape.ToString(), Is.EqualTo("(None, 2)"));
        });
    }

    [Test]
    public void Pop_Empty_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Sequential().Pop());
        Assert.That(ex!.Message, Is.EqualTo("There are no layers in the model."));
    }

    [Test]
    public void Summary_MatchesKeras3Text()
    {
        // The verbatim Keras 3 table for Sequential([Input((21,)), Dense(64), Dense(64), Dense(1)]).
        var model = new Sequential([new Input(shape: [21]), new Dense(64), new Dense(64), new Dense(1)]);
        var sw = new StringWriter();
        model.Summary(output: sw);
        const string expected =
            "Model: \"sequential\"\n" +
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n" +
            "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n" +
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n" +
            "│ dense (Dense)                   │ (None, 64)             │         1,408 │\n" +
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n" +
            "│ dense_1 (Dense)                 │ (None, 64)             │         4,160 │\n" +
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n" +
            "│ dense_2 (Dense)                 │ (None, 1)              │            65 │\n" +
            "└─────────────────────────────────┴────────────────────────┴───────────────┘\n" +
            " Total params: 5,633 (22.00 KB)\n" +
            " Trainable params: 5,633 (22.00 KB)\n" +
            " Non-trainable params: 0 (0.00 B)\n";
        Assert.That(sw.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Summary_Unbuilt_ShowsQuestionMarksAndUnbuilt()
    {
        var model = new Sequential([new Dense(4)]);
        var sw = new StringWriter();
        model.Summary(output: sw);
        Assert.That(sw.ToString(), Does.Contain("│ dense (Dense)                   │ ?                      │   0 (unbuilt) │"));
    }

    [Test]
    public void Summary_AfterAdamTraining_ListsOptimizerParams()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(new float[,] { { 1, 2, 3 } }, new float[,] { { 1, 0 } }, verbose: 0);
        var sw = new StringWriter();
        model.Summary(output: sw);
        // Keras: 2 + 2 × 8 optimizer variables' elements; the iteration counter is int64.
        Assert.That(sw.ToString(), Does.Contain(" Optimizer params: 18 (76.00 B)"));
        Assert.That(sw.ToString(), Does.Contain(" Total params: 26 (108.00 B)"));
    }

    [Test]
    public void GetWeights_SetWeights_RoundTripOnModel()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(2), new Dense(1)]);
        var weights = model.GetWeights();
        Assert.That(weights.Select(w => w.Shape.ToString()), Is.EqualTo(new[] { "(2, 2)", "(2,)", "(2, 1)", "(1,)" }));
        var replaced = weights.Select(w => Tensor.Full(w.Shape, 0.5f)).ToArray();
        model.SetWeights(replaced);
        var y = model.Predict(new float[,] { { 1, 1 } }, verbose: 0);
        Assert.That(y[0, 0], Is.EqualTo(0.5f * (0.5f * 2 + 0.5f) * 2 + 0.5f).Within(1e-6));
    }

    [Test]
    public void Trainable_OnModel_FreezesEveryLayer()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(2), new Dense(1)]) { Trainable = false };
        Assert.Multiple(() =>
        {
            Assert.That(model.TrainableWeights, Is.Empty);
            Assert.That(model.NonTrainableWeights, Has.Count.EqualTo(4));
            Assert.That(model.Layers.All(l => !l.Trainable), Is.True);
        });
    }

    [Test]
    public void Add_LayerWhoseWeightsCannotExist_IsNotAddedAndTheModelStillWorks()
    {
        var model = new Sequential([new Input(shape: [1000]), new Dense(4, name: "small")]);
        var ex = Assert.Throws<InvalidOperationException>(() => model.Add(new Dense(1_000_000_000, name: "too_big")));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Layer \"too_big\" cannot create its weight 'too_big/kernel' of shape (4, 1000000000)"));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "small" }));
            Assert.That(model.Weights, Has.Count.EqualTo(2));
            Assert.That(model.Predict(Tensor.Ones(new Shape(3, 1000)), verbose: 0).Shape, Is.EqualTo(new Shape(3, 4)));
        });
    }

    [Test]
    public void Predict_InnerLayerOutputTooLarge_NamesTheInnerLayer()
    {
        using var limit = MemoryLimits.Limit(64L << 20);
        var model = new Sequential([new Input(shape: [1]), new Dense(1_000_000, kernelInitializer: "zeros", name: "wide")], name: "outer");
        var ex = Assert.Throws<InvalidOperationException>(() => model.Predict(Tensor.Ones(new Shape(32, 1)), verbose: 0));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Layer \"wide\" cannot allocate a tensor of shape (32, 1000000): it needs 122.1 MB"));
            Assert.That(LayerContext.Current, Is.Null, "the layer context was restored");
        });
    }

    [Test]
    public void Predict_LazilyBuiltModelOutputTooLarge_FailsBeforeBuildingAndNamesTheLayer()
    {
        using var limit = MemoryLimits.Limit(Allocations.Machine);
        var model = new Sequential([new Dense(8, name: "first"), new Dense(1_000_000_000, name: "wide")]);
        var (ex, allocated) = Allocations.Throws<InvalidOperationException>(() => model.Predict(Tensor.Ones(new Shape(32, 1)), verbose: 0));
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Is.EqualTo(
                "Layer \"wide\" cannot allocate a tensor of shape (32, 1000000000): it needs 119.2 GB, more than the 23.5 GB this process can use."));
            Assert.That(model.Built, Is.False);
            Assert.That(model.Weights, Is.Empty);
            Assert.That(allocated, Is.LessThan(1 << 20), "no kernel was created");
        });
    }

    [Test]
    public void EnsureBuilt_LayerBuildFails_LeavesTheModelUnbuiltWithoutAnInputShape()
    {
        var model = new Sequential([new Dense(4, name: "fits"), new Dense(1_000_000_000, name: "does_not")]);
        var ex = Assert.Throws<InvalidOperationException>(() => model.EnsureBuilt(new Shape(-1, 1000)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Layer \"does_not\" cannot create its weight 'does_not/kernel' of shape (4, 1000000000)"));
            Assert.That(model.Built, Is.False);
            Assert.That(model.BatchInputShape, Is.Null);
            Assert.That(model.Layers[1].Weights, Is.Empty);
        });
        model.Pop();
        Assert.That(model.Predict(Tensor.Ones(new Shape(2, 1000)), verbose: 0).Shape, Is.EqualTo(new Shape(2, 4)), "the model is usable");
    }

    [Test]
    public void Fit_FirstBuildFails_ModelCanBeCollected()
    {
        var weak = FailedModel();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(weak.IsAlive, Is.False);
    }

    private static WeakReference FailedModel()
    {
        var model = new Sequential([new Dense(1_000_000_000, name: "huge_head")]);
        model.Compile(optimizer: "sgd", loss: "mse");
        Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones(new Shape(4, 1000)), Tensor.Ones(new Shape(4, 1)), verbose: 0));
        Assert.That(model.Built, Is.False);
        return new WeakReference(model);
    }
}

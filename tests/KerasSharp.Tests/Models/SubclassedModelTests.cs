using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Engine;

namespace KerasSharp.Tests.Models;

public class SubclassedModelTests
{
    [SetUp]
    public void ResetSession() => Keras.ClearSession();

    /// <summary>Targets for a small regression: the sum of each row's inputs, squashed.</summary>
    private static Tensor Targets(Tensor x)
    {
        var values = x.ToArray();
        int cols = x.Shape[1];
        var y = new float[x.Shape[0]];
        for (int i = 0; i < y.Length; i++)
        {
            float sum = 0;
            for (int j = 0; j < cols; j++)
            {
                sum += values[i * cols + j];
            }
            y[i] = MathF.Tanh(sum);
        }
        return Tensor.FromArray(y, y.Length, 1);
    }

    private static string[] Paths(IEnumerable<Variable> weights) => [.. weights.Select(v => v.Path)];

    // --- the classes of the Keras guide "Making new layers and models via subclassing" and of the Model docstring ---

    /// <summary>The guide's <c>Linear</c> layer: <c>w</c> and <c>b</c> created in <c>build</c>.</summary>
    private sealed class Linear(int units) : Layer
    {
        private Variable? _w, _b;

        protected override void Build(Shape inputShape)
        {
            _w = AddWeight("w", new Shape(inputShape[^1], units), "random_normal");
            _b = AddWeight("b", new Shape(units), "random_normal");
        }

        protected override Tensor Call(Tensor inputs, bool training) => Ops.MatMul(inputs, _w!) + _b!;
    }

    /// <summary>The guide's <c>MLPBlock</c>: a layer holding three <c>Linear</c> layers as attributes.</summary>
    private sealed class MlpBlock : Layer
    {
        private readonly Linear _linear1 = new(32);
        private readonly Linear _linear2 = new(32);
        private readonly Linear _linear3 = new(1);

        protected override Tensor Call(Tensor inputs, bool training)
        {
            var x = Ops.Relu(_linear1.Apply(inputs));
            x = Ops.Relu(_linear2.Apply(x));
            return _linear3.Apply(x);
        }
    }

    /// <summary>The <c>keras.Model</c> docstring's subclassed model: two Dense layers assigned in the constructor.</summary>
    private sealed class MyModel : Model
    {
        public Dense Dense1 { get; } = new(32, activation: "relu");

        public Dense Dense2 { get; } = new(5, activation: "softmax");

        protected override Tensor Call(Tensor inputs, bool training) => Dense2.Apply(Dense1.Apply(inputs, training), training);
    }

    /// <summary>A small regression model.</summary>
    private sealed class Regressor : Model
    {
        public Dense Hidden { get; } = new(16, activation: "tanh");

        public Dense Head { get; } = new(1);

        protected override Tensor Call(Tensor inputs, bool training) => Head.Apply(Hidden.Apply(inputs, training), training);
    }

    /// <summary>A custom layer holding two Dense layers: <c>x + dense2(relu(dense1(x)))</c>.</summary>
    private sealed class ResidualBlock(int units) : Layer
    {
        public Dense Dense1 { get; } = new(units, activation: "relu");

        public Dense Dense2 { get; } = new(units);

        protected override Tensor Call(Tensor inputs, bool training) => inputs + Dense2.Apply(Dense1.Apply(inputs, training), training);
    }

    /// <summary>A model using a nested custom layer between two Dense layers.</summary>
    private sealed class ResidualModel : Model
    {
        public Dense Stem { get; } = new(8);

        public ResidualBlock Block { get; } = new(8);

        public Dense Head { get; } = new(1);

        protected override Tensor Call(Tensor inputs, bool training) =>
            Head.Apply(Block.Apply(Stem.Apply(inputs, training), training), training);
    }

    // --- tracking: Layers and weights ---

    [Test]
    public void Apply_GuideMlpBlock_TracksTheWeightsOfItsThreeLinearLayers()
    {
        var mlp = new MlpBlock();
        var y = mlp.Apply(Tensor.Ones(new Shape(3, 64)));   // the first call creates the weights
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(3, 1)));
            Assert.That(mlp.Weights, Has.Count.EqualTo(6), "guide: weights: 6");
            Assert.That(mlp.TrainableWeights, Has.Count.EqualTo(6), "guide: trainable weights: 6");
            Assert.That(Paths(mlp.Weights), Is.EqualTo(new[] { "linear/w", "linear/b", "linear_1/w", "linear_1/b", "linear_2/w", "linear_2/b" }));
            Assert.That(mlp.CountParams(), Is.EqualTo(64 * 32 + 32 + 32 * 32 + 32 + 32 + 1));
        });
    }

    [Test]
    public void Layers_BeforeAnyCall_AreEmpty_AndAfterTheFirstCall_AreTheLayersCallUsesInOrder()
    {
        var model = new MyModel();
        Assert.That(model.Layers, Is.Empty, "nothing has run yet");
        model.Apply(TestData.Uniform(1, -1, 1, 2, 784));
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { model.Dense1, model.Dense2 }));
            Assert.That(Paths(model.Weights), Is.EqualTo(new[] { "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias" }));
            Assert.That(model.TrainableWeights, Has.Count.EqualTo(4));
            Assert.That(model.NonTrainableWeights, Is.Empty);
            Assert.That(model.GetLayer("dense_1"), Is.SameAs(model.Dense2));
            Assert.That(model.GetLayer(0), Is.SameAs(model.Dense1));
        });
    }

    [Test]
    public void EnsureBuilt_SubclassedModel_RunsCallOnceSoLayersAndWeightsAreKnown()
    {
        var model = new MyModel();
        model.EnsureBuilt(new Shape(-1, 784));   // Keras' model.build(input_shape)
        Assert.Multiple(() =>
        {
            Assert.That(model.Built, Is.True);
            Assert.That(model.Layers, Has.Count.EqualTo(2));
            Assert.That(model.Dense1.Built && model.Dense2.Built, Is.True);
            Assert.That(model.CountParams(), Is.EqualTo(784 * 32 + 32 + 32 * 5 + 5));
            Assert.That(model.OutputShape, Is.EqualTo(new Shape(-1, 5)));
        });
    }

    /// <summary>Uses one Dense layer twice and a Sequential block: each tracked once, the block's layers inside it.</summary>
    private sealed class SharingModel : Model
    {
        public Dense Shared { get; } = new(4, activation: "tanh");

        public Sequential Block { get; } = new([new Dense(4), new Dense(4)]);

        protected override Tensor Call(Tensor inputs, bool training) =>
            Shared.Apply(Block.Apply(Shared.Apply(inputs, training), training), training);
    }

    [Test]
    public void Layers_SharedLayerAndNestedSequential_EachListedOnce_TheirLayersNotFlattened()
    {
        var model = new SharingModel();
        model.Apply(TestData.Uniform(2, -1, 1, 3, 4));
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { model.Shared, model.Block }), "Keras' model.layers is not recursive");
            Assert.That(model.Weights, Has.Count.EqualTo(6), "the shared layer's weights once, then the block's");
            Assert.That(Paths(model.Weights).Take(2), Is.EqualTo(new[] { "dense/kernel", "dense/bias" }));
            Assert.That(model.Weights.Distinct().Count(), Is.EqualTo(6));
        });
    }

    [Test]
    public void Weights_NestedCustomLayer_IncludeItsSubLayersWeights()
    {
        var model = new ResidualModel();
        model.Apply(TestData.Uniform(3, -1, 1, 2, 3));
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { model.Stem, model.Block, model.Head }));
            Assert.That(model.Block.Weights, Is.EqualTo(new[] { model.Block.Dense1.Weights[0], model.Block.Dense1.Weights[1], model.Block.Dense2.Weights[0], model.Block.Dense2.Weights[1] }));
            Assert.That(model.Block.CountParams(), Is.EqualTo(2 * (8 * 8 + 8)));
            Assert.That(model.Weights, Has.Count.EqualTo(8));
            Assert.That(model.TrainableWeights, Has.Count.EqualTo(8));
        });
    }

    /// <summary>Declares its layers with Track in the constructor, so they are known before any call.</summary>
    private sealed class DeclaredModel : Model
    {
        private readonly Dense _hidden;
        private readonly Dense _head;

        public DeclaredModel()
        {
            _head = Track(new Dense(2, name: "head"));
            _hidden = Track(new Dense(3, name: "hidden"));
        }

        protected override Tensor Call(Tensor inputs, bool training) => _head.Apply(_hidden.Apply(inputs, training), training);
    }

    [Test]
    public void Track_InTheConstructor_ListsLayersBeforeAnyCall_InTheOrderGiven()
    {
        var model = new DeclaredModel();
        var before = model.Layers.Select(l => l.Name).ToArray();
        model.Apply(TestData.Uniform(4, -1, 1, 2, 4));
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { "head", "hidden" }));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "head", "hidden" }), "used layers already tracked are not added again");
            Assert.That(Paths(model.Weights), Is.EqualTo(new[] { "head/kernel", "head/bias", "hidden/kernel", "hidden/bias" }));
        });
    }

    // --- layers created inside Call ---

    /// <summary>Creates a new Dense on every call (a bug: its weights would never be trained).</summary>
    private sealed class DensePerCall : Model
    {
        protected override Tensor Call(Tensor inputs, bool training) => new Dense(2).Apply(inputs, training);
    }

    [Test]
    public void Call_CreatesALayerWithWeightsOnEveryCall_FailsOnceTheModelIsBuilt_InsteadOfAddingLayers()
    {
        var model = new DensePerCall();
        var x = TestData.Uniform(5, -1, 1, 2, 3);
        // the first Apply builds the model (one call on zeros), then calls it: the second Dense is refused
        var e = Assert.Throws<InvalidOperationException>(() => model.Apply(x));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("Layer \"dense_1\" (Dense) was created after \"dense_per_call\" (DensePerCall) was built, so it cannot become part of it."));
            Assert.That(e.Message, Does.Contain("You cannot add new elements of state (variables or sub-layers) to a layer that is already built."));
            Assert.That(model.Layers, Has.Count.EqualTo(1), "only the layer of the build call");
            Assert.Throws<InvalidOperationException>(() => model.Apply(x));
            Assert.That(model.Layers, Has.Count.EqualTo(1), "no layer is added per call");
        });
    }

    /// <summary>Creates a layer lazily in its first call and reuses it, and a weightless Flatten inline on every call.</summary>
    private sealed class LazyModel : Model
    {
        private Dense? _head;

        public Dense? Head => _head;

        protected override Tensor Call(Tensor inputs, bool training) =>
            (_head ??= new Dense(2)).Apply(new Flatten().Apply(inputs, training), training);
    }

    [Test]
    public void Call_LazyLayerKept_IsTracked_InlineWeightlessLayer_IsNeither_TrackedNorRefused()
    {
        var model = new LazyModel();
        var x = Tensor.FromArray(new float[12], 2, 3, 2);
        model.Apply(x);
        model.Apply(x);
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers, Has.Count.EqualTo(2), "the Flatten of the first call and the Dense");
            Assert.That(model.Layers[1], Is.SameAs(model.Head));
            Assert.That(model.Weights, Has.Count.EqualTo(2));
        });
    }

    /// <summary>Uses a layer only when training, created in the constructor like the others.</summary>
    private sealed class NoisyModel : Model
    {
        public Dense Hidden { get; } = new(4);

        public Dropout Noise { get; } = new(0.5f);

        public Dense Head { get; } = new(1);

        protected override Tensor Call(Tensor inputs, bool training)
        {
            var x = Hidden.Apply(inputs, training);
            if (training)
            {
                x = Noise.Apply(x, training);
            }
            return Head.Apply(x, training);
        }
    }

    [Test]
    public void Call_LayerFirstUsedInALaterCall_JoinsTheModel()
    {
        var model = new NoisyModel();
        var x = TestData.Uniform(6, -1, 1, 4, 3);
        model.Predict(x, verbose: 0);
        var before = model.Layers.ToArray();
        model.Apply(x, training: true);
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new Layer[] { model.Hidden, model.Head }));
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { model.Hidden, model.Head, model.Noise }), "in order of first use");
        });
    }

    // --- training ---

    [Test]
    public void Fit_SubclassedModel_TrainsAndTheLossDecreases()
    {
        Keras.SetRandomSeed(7);
        var model = new Regressor();
        var x = TestData.Uniform(8, -1, 1, 64, 4);
        var y = Targets(x);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var history = model.Fit(x, y, batchSize: 16, epochs: 15, verbose: 0);
        var losses = history.History["loss"];
        Assert.Multiple(() =>
        {
            Assert.That(losses[^1], Is.LessThan(losses[0] * 0.5), $"losses: {string.Join(", ", losses)}");
            Assert.That(model.TrainingRunsOnlyLibraryCode, Is.False, "a subclassed model is user code: its steps run without the step arena");
            Assert.That(model.Optimizer!.Built, Is.True);
        });
    }

    [Test]
    public void TrainOnBatch_UnbuiltSubclassedModel_UpdatesEveryWeightFromTheFirstStep()
    {
        var x = TestData.Uniform(9, -1, 1, 8, 4);
        var y = Targets(x);
        Keras.SetRandomSeed(3);
        var twin = new Regressor();
        twin.EnsureBuilt(new Shape(-1, 4));
        var initial = twin.GetWeights().Select(w => w.ToArray()).ToArray();
        Keras.SetRandomSeed(3);
        var model = new Regressor();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        model.TrainOnBatch(x, y);
        var after = model.GetWeights().Select(w => w.ToArray()).ToArray();
        Assert.That(after, Has.Length.EqualTo(4));
        for (int i = 0; i < after.Length; i++)
        {
            Assert.That(after[i], Is.Not.EqualTo(initial[i]), $"weight {i} was updated by the first step");
        }
    }

    [Test]
    public void Fit_NestedCustomLayer_TrainsItsSubLayers()
    {
        Keras.SetRandomSeed(11);
        var model = new ResidualModel();
        var x = TestData.Uniform(10, -1, 1, 32, 3);
        var y = Targets(x);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        model.EnsureBuilt(new Shape(-1, 3));
        var kernelBefore = model.Block.Dense2.Weights[0].Value.ToArray();
        var history = model.Fit(x, y, batchSize: 8, epochs: 10, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.Block.Dense2.Weights[0].Value.ToArray(), Is.Not.EqualTo(kernelBefore));
            Assert.That(history.History["loss"][^1], Is.LessThan(history.History["loss"][0]));
        });
    }

    // --- freezing ---

    [Test]
    public void Trainable_FalseOnTheModel_FreezesEverySubLayer_AndFitChangesNothing()
    {
        var model = new ResidualModel();
        var x = TestData.Uniform(12, -1, 1, 8, 3);
        model.Apply(x);
        model.Trainable = false;
        var before = model.GetWeights().Select(w => w.ToArray()).ToArray();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        model.Fit(x, Targets(x), verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers.All(l => !l.Trainable), Is.True);
            Assert.That(model.Block.Dense1.Trainable, Is.False, "recursively, into the custom layer");
            Assert.That(model.TrainableWeights, Is.Empty);
            Assert.That(model.NonTrainableWeights, Has.Count.EqualTo(8));
            Assert.That(model.GetWeights().Select(w => w.ToArray()), Is.EqualTo(before));
        });
    }

    [Test]
    public void Trainable_FalseBeforeTheFirstCall_FreezesTheLayersTrackedLater()
    {
        var model = new MyModel { Trainable = false };
        model.Apply(TestData.Uniform(13, -1, 1, 2, 784));
        Assert.Multiple(() =>
        {
            Assert.That(model.Dense1.Trainable, Is.False);
            Assert.That(model.Dense2.Trainable, Is.False);
            Assert.That(model.TrainableWeights, Is.Empty);
            Assert.That(model.NonTrainableWeights, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Trainable_FalseOnOneSubLayer_OnlyTheOthersTrain()
    {
        var model = new Regressor();
        var x = TestData.Uniform(14, -1, 1, 16, 4);
        model.Apply(x);
        model.Hidden.Trainable = false;
        var hidden = model.Hidden.GetWeights().Select(w => w.ToArray()).ToArray();
        var head = model.Head.GetWeights().Select(w => w.ToArray()).ToArray();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        model.Fit(x, Targets(x), verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(Paths(model.TrainableWeights), Is.EqualTo(new[] { "dense_1/kernel", "dense_1/bias" }));
            Assert.That(model.Hidden.GetWeights().Select(w => w.ToArray()), Is.EqualTo(hidden));
            Assert.That(model.Head.GetWeights().Select(w => w.ToArray()), Is.Not.EqualTo(head));
        });
    }

    // --- regularization ---

    /// <summary>The guide's <c>OuterLayerWithKernelRegularizer</c>.</summary>
    private sealed class OuterLayerWithKernelRegularizer : Layer
    {
        public Dense Dense { get; } = new(32, kernelRegularizer: new L2(1e-3f));

        protected override Tensor Call(Tensor inputs, bool training) => Dense.Apply(inputs, training);
    }

    /// <summary>A model holding the guide's layer.</summary>
    private sealed class RegularizedModel : Model
    {
        public OuterLayerWithKernelRegularizer Outer { get; } = new();

        public Dense Head { get; } = new(1, kernelRegularizer: new L2(0.1f));

        protected override Tensor Call(Tensor inputs, bool training) => Head.Apply(Outer.Apply(inputs, training), training);
    }

    private static float SumOfSquares(Variable v) => v.Value.ToArray().Sum(w => w * w);

    [Test]
    public void RegularizationLosses_GuideOuterLayer_IsThePenaltyOfItsDenseKernel()
    {
        var layer = new OuterLayerWithKernelRegularizer();
        layer.Apply(Tensor.Zeros(new Shape(1, 1)));
        var losses = layer.RegularizationLosses().ToArray();
        Assert.That(losses, Has.Length.EqualTo(1));
        Assert.That(losses[0].Item(), Is.EqualTo(1e-3f * SumOfSquares(layer.Dense.Weights[0])).Within(1e-6f));
    }

    [Test]
    public void ComputeLoss_SubclassedModel_AddsThePenaltiesOfSubLayersAndNestedLayers()
    {
        var model = new RegularizedModel();
        var x = TestData.Uniform(15, -1, 1, 4, 3);
        var y = Targets(x);
        model.Compile(optimizer: "sgd", loss: "mse");
        var yPred = model.Apply(x);
        float mse = new MeanSquaredError().Compute(y, yPred).Item();
        float expected = mse + 1e-3f * SumOfSquares(model.Outer.Dense.Weights[0]) + 0.1f * SumOfSquares(model.Head.Weights[0]);
        Assert.That(model.ComputeLoss(y, yPred).Item(), Is.EqualTo(expected).Within(1e-5f));
    }

    // --- weights in and out ---

    [Test]
    public void GetWeights_SetWeights_RoundTripBetweenTwoInstances()
    {
        var x = TestData.Uniform(16, -1, 1, 5, 3);
        var source = new ResidualModel();
        var target = new ResidualModel();
        source.Apply(x);
        target.Apply(x);
        var weights = source.GetWeights();
        target.SetWeights(weights);
        Assert.Multiple(() =>
        {
            Assert.That(weights.Select(w => w.Shape.ToString()), Is.EqualTo(new[] { "(3, 8)", "(8,)", "(8, 8)", "(8,)", "(8, 8)", "(8,)", "(8, 1)", "(1,)" }));
            Assert.That(target.Predict(x, verbose: 0).ToArray(), Is.EqualTo(source.Predict(x, verbose: 0).ToArray()));
            Assert.That(target.GetWeights().Select(w => w.ToArray()), Is.EqualTo(weights.Select(w => w.ToArray())));
        });
    }

    [Test]
    public void SetWeights_UnbuiltSubclassedModel_ReportsTheCountItExpects()
    {
        var model = new MyModel();
        var e = Assert.Throws<ArgumentException>(() => model.SetWeights([Tensor.Zeros(new Shape(2))]));
        Assert.That(e!.Message, Does.StartWith("You called SetWeights(weights) on layer \"my_model\" with a weight list of length 1, but the layer was expecting 0 weights."));
    }

    // --- summary ---

    [Test]
    public void Summary_BuiltSubclassedModel_ListsItsLayersAsKeras()
    {
        var model = new MyModel();
        model.EnsureBuilt(new Shape(-1, 784));
        var sw = new StringWriter();
        model.Summary(output: sw);
        const string expected =
            "Model: \"my_model\"\n" +
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n" +
            "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n" +
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n" +
            "│ dense (Dense)                   │ (None, 32)             │        25,120 │\n" +
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n" +
            "│ dense_1 (Dense)                 │ (None, 5)              │           165 │\n" +
            "└─────────────────────────────────┴────────────────────────┴───────────────┘\n" +
            " Total params: 25,285 (98.77 KB)\n" +
            " Trainable params: 25,285 (98.77 KB)\n" +
            " Non-trainable params: 0 (0.00 B)\n";
        Assert.That(sw.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Summary_CustomLayerWithoutComputeOutputShape_ShowsAQuestionMarkAndItsParams()
    {
        var model = new ResidualModel();
        model.Apply(TestData.Uniform(17, -1, 1, 2, 3));
        var sw = new StringWriter();
        model.Summary(output: sw);
        Assert.Multiple(() =>
        {
            Assert.That(sw.ToString(), Does.Contain("│ dense (Dense)                   │ (None, 8)              │            32 │"));
            Assert.That(sw.ToString(), Does.Contain("│ residual_block (ResidualBlock)  │ ?                      │           144 │"));
            Assert.That(sw.ToString(), Does.Contain(" Total params: 185 (740.00 B)"));
        });
    }

    [Test]
    public void Summary_DeclaredButUnbuilt_ShowsUnbuiltLayers()
    {
        var model = new DeclaredModel();
        var sw = new StringWriter();
        model.Summary(output: sw);
        Assert.That(sw.ToString(), Does.Contain("│ head (Dense)                    │ ?                      │   0 (unbuilt) │"));
    }

    [Test]
    public void Summary_NeverBuiltOrCalled_SaysHowToBuild()
    {
        var model = new MyModel();
        var e = Assert.Throws<InvalidOperationException>(() => model.Summary(output: new StringWriter()));
        Assert.That(e!.Message, Does.StartWith("This model (\"my_model\") has not yet been built. Build the model first by calling EnsureBuilt(inputShape) or by calling the model on a batch of data."));
    }

    // --- as a layer of a Functional model ---

    [Test]
    public void SubclassedModel_AsALayerOfAFunctionalModel_BuildsTracksAndTrains()
    {
        Keras.SetRandomSeed(5);
        var inner = new Regressor();
        var inputs = new Input(shape: [4]);
        var outputs = new Dense(1).Apply(inner.Apply(inputs));
        var model = new Model(inputs, outputs);
        var x = TestData.Uniform(18, -1, 1, 32, 4);
        var y = Targets(x);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var innerKernel = inner.Hidden.Weights[0].Value.ToArray();
        var history = model.Fit(x, y, batchSize: 8, epochs: 10, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(((KerasTensor)inputs).Layer, Is.SameAs(model.Layers[0]));
            Assert.That(model.Layers[1], Is.SameAs(inner));
            Assert.That(inner.Layers, Is.EqualTo(new Layer[] { inner.Hidden, inner.Head }));
            Assert.That(model.Weights, Has.Count.EqualTo(6));
            Assert.That(model.TrainableWeights, Has.Count.EqualTo(6));
            Assert.That(inner.Hidden.Weights[0].Value.ToArray(), Is.Not.EqualTo(innerKernel), "the inner model's layers are trained");
            Assert.That(history.History["loss"][^1], Is.LessThan(history.History["loss"][0]));
            Assert.That(model.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Layers[2].Apply(inner.Apply(x)).ToArray()).Within(1e-6f));
        });
    }

    /// <summary>A custom layer holding a Dense layer that declares its output shape, so no call is needed to wire it.</summary>
    private sealed class ProjectionBlock(int units) : Layer
    {
        public Dense Dense { get; } = new(units, activation: "relu");

        public override Shape ComputeOutputShape(Shape inputShape) => new([.. inputShape.Dims[..^1], units]);

        protected override Tensor Call(Tensor inputs, bool training) => Dense.Apply(inputs, training);
    }

    [Test]
    public void Fit_SequentialWithACustomLayerNeverCalled_KnowsItsWeightsFromTheFirstStep()
    {
        Keras.SetRandomSeed(21);
        var block = new ProjectionBlock(6);
        var model = new Sequential([new Input(shape: [3]), block, new Dense(1)]);
        Assert.That(block.Weights, Is.Empty, "wired from its declared shape: not called yet");
        var x = TestData.Uniform(22, -1, 1, 16, 3);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        model.Fit(x, Targets(x), batchSize: 4, epochs: 2, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.TrainableWeights, Has.Count.EqualTo(4));
            Assert.That(model.Optimizer!.Variables.Count, Is.GreaterThan(0));
            Assert.That(model.TrainableWeights.Take(2), Is.EqualTo(block.Dense.Weights), "the block's weights are the model's, from the first step");
        });
    }

    [Test]
    public void Sequential_CustomLayerWithoutOutputShape_NextLayerBuiltForWhatItReturns()
    {
        // the guide's Linear declares no output shape: it changes the last axis from 8 to 16
        var linear = new Linear(16);
        var model = new Sequential([new Input(shape: [8]), linear, new Dense(3)]);
        var x = TestData.Uniform(24, -1, 1, 10, 8);
        model.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
        double before = model.Evaluate(x, Tensor.Zeros(new Shape(10, 3)), verbose: 0)["loss"];
        model.Fit(x, Tensor.Zeros(new Shape(10, 3)), batchSize: 5, epochs: 3, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers[1].Weights[0].Shape, Is.EqualTo(new Shape(16, 3)), "Dense's kernel takes Linear's 16 outputs");
            Assert.That(model.OutputShape, Is.EqualTo(new Shape(-1, 3)));
            Assert.That(model.ComputeOutputShape(new Shape(-1, 8)), Is.EqualTo(new Shape(-1, 3)));
            Assert.That(model.Evaluate(x, Tensor.Zeros(new Shape(10, 3)), verbose: 0)["loss"], Is.LessThan(before));
        });
    }

    [Test]
    public void SubclassedModel_AsALayerOfASequentialModel_ItsWeightsAreTheModels()
    {
        var inner = new Regressor();
        var model = new Sequential([new Input(shape: [4]), inner, new Dense(2)]);
        var x = TestData.Uniform(23, -1, 1, 8, 4);
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { inner, model.Layers[1] }));
            Assert.That(inner.OutputShape, Is.EqualTo(new Shape(-1, 1)), "found by a call on zeros");
            Assert.That(model.OutputShape, Is.EqualTo(new Shape(-1, 2)));
            Assert.That(model.Weights, Has.Count.EqualTo(6));
            Assert.That(model.Predict(x, verbose: 0).Shape, Is.EqualTo(new Shape(8, 2)));
        });
    }

    // --- threads ---

    /// <summary>Counts its builds.</summary>
    private sealed class CountingLinear(int units) : Layer
    {
        private Variable? _w;
        private int _builds;

        public int Builds => Volatile.Read(ref _builds);

        protected override void Build(Shape inputShape)
        {
            Interlocked.Increment(ref _builds);
            _w = AddWeight("w", new Shape(inputShape[^1], units), new KerasSharp.Initializers.RandomNormal(seed: 1));
        }

        protected override Tensor Call(Tensor inputs, bool training) => Ops.MatMul(inputs, _w!);
    }

    /// <summary>A model of two counting layers that also counts its own builds.</summary>
    private sealed class CountingModel : Model
    {
        private int _builds;

        public CountingLinear First { get; } = new(6);

        public CountingLinear Second { get; } = new(2);

        public int Builds => Volatile.Read(ref _builds);

        protected override void Build(Shape inputShape)
        {
            Interlocked.Increment(ref _builds);
            base.Build(inputShape);
        }

        protected override Tensor Call(Tensor inputs, bool training) => Second.Apply(Ops.Relu(First.Apply(inputs, training)), training);
    }

    [Test]
    public void Predict_FromManyThreadsOnAnUnbuiltModel_BuildsOnceAndTracksEachLayerOnce()
    {
        const int threads = 8;
        var model = new CountingModel();
        var x = TestData.Uniform(19, -1, 1, 20, 5);
        var results = new float[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = model.Predict(x, batchSize: 4, verbose: 0).ToArray();
        })).ToArray();
        foreach (var t in workers)
        {
            t.Start();
        }
        foreach (var t in workers)
        {
            t.Join();
        }
        Assert.Multiple(() =>
        {
            Assert.That(model.Builds, Is.EqualTo(1));
            Assert.That(model.First.Builds, Is.EqualTo(1));
            Assert.That(model.Second.Builds, Is.EqualTo(1));
            Assert.That(model.Layers, Is.EqualTo(new Layer[] { model.First, model.Second }));
            Assert.That(model.Weights, Has.Count.EqualTo(2));
            for (int i = 1; i < threads; i++)
            {
                Assert.That(results[i], Is.EqualTo(results[0]), $"thread {i}");
            }
        });
    }
}

using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Models;

public class FunctionalTests
{
    private static Tensor Random(int rows, int cols, int seed)
    {
        var rng = new Rng(seed);
        var values = new float[rows * cols];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Uniform(-1, 1);
        }
        return Tensor.FromArray(values, rows, cols);
    }

    [Test]
    public void Apply_OnASymbolicTensor_RecordsANodeWithTheInferredShape()
    {
        var inputs = new Input(shape: [784], name: "digits");
        var dense = new Dense(64, activation: "relu");
        var x = dense.Apply(inputs);
        Assert.Multiple(() =>
        {
            Assert.That(x.Shape, Is.EqualTo(new Shape(-1, 64)));
            Assert.That(x.Layer, Is.SameAs(dense));
            Assert.That(x.Node.Inputs, Is.EqualTo(new[] { (KerasTensor)inputs }));
            Assert.That(dense.Output, Is.SameAs(x));
            Assert.That(dense.Input, Is.SameAs((KerasTensor)inputs));
            Assert.That(dense.Built, Is.True, "applying builds the layer");
            Assert.That(((KerasTensor)inputs).ToString(), Is.EqualTo("<KerasTensor shape=(None, 784), dtype=float32, sparse=False, name=digits>"));
        });
    }

    [Test]
    public void Apply_WrongWiring_FailsWhenTheGraphIsBuilt_WithKerasMessage()
    {
        var inputs = new Input(shape: [10]);
        var x = new Dense(5).Apply(inputs);
        var conv = new Conv2D(4, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.Apply(x));
        Assert.That(e!.Message, Does.Contain($"Input 0 of layer \"{conv.Name}\" is incompatible with the layer: expected ndim=4, found ndim=2"));
    }

    [Test]
    public void Model_FromInputsAndOutputs_PredictsAsTheLayersDo()
    {
        var inputs = new Input(shape: [6]);
        var hidden = new Dense(4, activation: "tanh");
        var head = new Dense(2);
        var model = new Model(inputs, head.Apply(hidden.Apply(inputs)), name: "small");
        var x = Random(5, 6, 1);
        var expected = head.Apply(hidden.Apply(x)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(model.Predict(x, verbose: 0).ToArray(), Is.EqualTo(expected).Within(1e-6f));
            Assert.That(model.ClassName, Is.EqualTo("Functional"));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { inputs.Name, hidden.Name, head.Name }));
            Assert.That(model.Inputs, Has.Count.EqualTo(1));
            Assert.That(model.Outputs[0].Shape, Is.EqualTo(new Shape(-1, 2)));
            Assert.That(model.Weights, Has.Count.EqualTo(4));
            Assert.That(model.GetLayer(hidden.Name), Is.SameAs(hidden));
            Assert.That(model.GetLayer(2), Is.SameAs(head));
            Assert.That(model.OutputNames, Is.EqualTo(new[] { head.Name }));
        });
    }

    [Test]
    public void Model_DefaultName_IsFunctional()
    {
        Keras.ClearSession();
        var inputs = Keras.Input(shape: [3]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        Assert.That(model.Name, Is.EqualTo("functional"));
    }

    [Test]
    public void Model_FitsAsTheSameSequentialModelDoes()
    {
        Keras.SetRandomSeed(4);
        var seqInput = new Input(shape: [6]);
        var sequential = new Sequential([seqInput, new Dense(8, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        Keras.SetRandomSeed(4);
        var inputs = new Input(shape: [6]);
        var x = new Dense(8, activation: "relu").Apply(inputs);
        var functional = new Model(inputs, new Dense(1, activation: "sigmoid").Apply(x));
        var data = Random(64, 6, 2);
        var y = Tensor.FromArray(data.ToArray2D().Cast<float>().Where((_, i) => i % 6 == 0).Select(v => v > 0 ? 1f : 0f).ToArray(), 64, 1);
        sequential.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        functional.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var a = sequential.Fit(data, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false).History["loss"];
        var b = functional.Fit(data, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false).History["loss"];
        Assert.That(b, Is.EqualTo(a), "same initial weights, same data order: the same losses");
    }

    [Test]
    public void SharedLayer_AppliedTwice_HasTwoNodesAndOneSetOfWeights()
    {
        var a = new Input(shape: [4]);
        var b = new Input(shape: [4]);
        var shared = new Dense(3);
        var ya = shared.Apply(a);
        var yb = shared.Apply(b);
        var model = new Model([a, b], [ya, yb]);
        var xa = Random(2, 4, 3);
        var xb = Random(2, 4, 4);
        var outputs = model.ApplyMany([xa, xb]);
        Assert.Multiple(() =>
        {
            Assert.That(shared.InboundNodes, Has.Count.EqualTo(2));
            Assert.That(model.Weights, Has.Count.EqualTo(2), "one kernel and one bias");
            Assert.That(model.Layers.Count(l => ReferenceEquals(l, shared)), Is.EqualTo(1));
            Assert.That(outputs[0].ToArray(), Is.EqualTo(shared.Apply(xa).ToArray()).Within(1e-6f));
            Assert.That(outputs[1].ToArray(), Is.EqualTo(shared.Apply(xb).ToArray()).Within(1e-6f));
        });
    }

    [Test]
    public void NestedModel_UsedAsALayer_RunsItsGraph()
    {
        var innerInput = new Input(shape: [5]);
        var inner = new Model(innerInput, new Dense(3, activation: "relu").Apply(innerInput), name: "encoder");
        var outerInput = new Input(shape: [5]);
        var encoded = inner.Apply(outerInput);
        var outer = new Model(outerInput, new Dense(1).Apply(encoded));
        var x = Random(4, 5, 5);
        var expected = ((Dense)outer.Layers[^1]).Apply(inner.Apply(x)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(encoded.Shape, Is.EqualTo(new Shape(-1, 3)));
            Assert.That(outer.Layers.Select(l => l.Name), Does.Contain("encoder"));
            Assert.That(outer.Predict(x, verbose: 0).ToArray(), Is.EqualTo(expected).Within(1e-6f));
            Assert.That(outer.Weights, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void FeatureExtractor_FromASequentialModelsLayerOutputs()
    {
        // keras.io "The Sequential model": keras.Model(inputs=m.inputs, outputs=[layer.output for layer in m.layers])
        var initial = new Sequential([
            new Input(shape: [250, 250, 3]),
            new Conv2D(8, 5, strides: 2, activation: "relu"),
            new Conv2D(8, 3, activation: "relu"),
            new Conv2D(8, 3, activation: "relu"),
        ]);
        var extractor = new Model(initial.Inputs.ToArray(), initial.Layers.Select(l => l.Output).ToArray());
        var x = Tensor.Ones(new Shape(1, 250, 250, 3));
        var features = extractor.ApplyMany(x);
        Assert.Multiple(() =>
        {
            Assert.That(features, Has.Count.EqualTo(3));
            Assert.That(features[0].Shape, Is.EqualTo(new Shape(1, 123, 123, 8)));
            Assert.That(features[2].Shape, Is.EqualTo(new Shape(1, 119, 119, 8)));
            Assert.That(features[2].ToArray(), Is.EqualTo(initial.Predict(x, verbose: 0).ToArray()).Within(1e-5f));
        });
    }

    [Test]
    public void IntermediateOutput_ReusedInANewModel_SharesTheWeights()
    {
        var inputs = new Input(shape: [6]);
        var hidden = new Dense(4, activation: "relu", name: "hidden");
        var h = hidden.Apply(inputs);
        var full = new Model(inputs, new Dense(2).Apply(h));
        var truncated = new Model(full.Inputs.ToArray(), full.GetLayer("hidden").Output);
        var x = Random(3, 6, 6);
        Assert.That(truncated.Predict(x, verbose: 0).ToArray(), Is.EqualTo(hidden.Apply(x).ToArray()).Within(1e-6f));
    }

    [Test]
    public void Model_OutputNotComputableFromTheInputs_IsGraphDisconnected()
    {
        var a = new Input(shape: [3], name: "a");
        var b = new Input(shape: [3], name: "b");
        var y = new Dense(2, name: "from_b").Apply(b);
        var e = Assert.Throws<ArgumentException>(() => new Model(a, y));
        Assert.That(e!.Message, Does.StartWith("Graph disconnected: cannot find parent for tensor <KerasTensor shape=(None, 3), dtype=float32, sparse=False, name=b> at layer 'from_b'."));
    }

    [Test]
    public void Model_InputsAsDictionary_AreOrderedByName()
    {
        var x = new Input(shape: [2], name: "x_in");
        var w = new Input(shape: [2], name: "w_in");
        var model = new Model(new Dictionary<string, KerasTensor> { ["x"] = x, ["w"] = w }, new Dense(1).Apply(x));
        Assert.Multiple(() =>
        {
            Assert.That(model.InputNames, Is.EqualTo(new[] { "w", "x" }));
            Assert.That(model.Inputs[0], Is.SameAs((KerasTensor)w));
            Assert.That(model.Layers.Select(l => l.Name), Has.Member("w_in"), "an input no output depends on is still a layer");
        });
    }

    [Test]
    public void MultiOutputLayer_ApplyReturningOne_SaysToUseApplyMany()
    {
        var inputs = new Input(shape: [4]);
        var split = new Split();
        var e = Assert.Throws<InvalidOperationException>(() => split.Apply(inputs));
        var (left, right) = split.ApplyMany(inputs);
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("returns 2 tensors; use ApplyMany"));
            Assert.That(left.Shape, Is.EqualTo(new Shape(-1, 2)));
            Assert.That(right.Index, Is.EqualTo(1));
        });
    }

    [Test]
    public void CustomLayer_WithoutOutputShape_IsRunOnZerosToFindIt()
    {
        var inputs = new Input(shape: [6]);
        var y = new TakeFirstThree().Apply(inputs);
        Assert.That(y.Shape, Is.EqualTo(new Shape(-1, 3)));
    }

    [Test]
    public void CustomLayer_TakingTwoTensors_WorksSymbolicallyAndEagerly()
    {
        var a = new Input(shape: [3]);
        var b = new Input(shape: [3]);
        var sum = new SumOfTwo();
        var model = new Model([a, b], sum.Apply([a, b]));
        var xa = Random(2, 3, 7);
        var xb = Random(2, 3, 8);
        var expected = xa.ToArray().Zip(xb.ToArray(), (p, q) => p + q).ToArray();
        Assert.That(model.Apply([xa, xb]).ToArray(), Is.EqualTo(expected).Within(1e-6f));
    }

    private sealed class TakeFirstThree : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Slice(inputs, 1, 0, 3);
    }

    private sealed class SumOfTwo : Layer
    {
        protected override Tensor Call(IReadOnlyList<Tensor> inputs, bool training) => Ops.Add(inputs[0], inputs[1]);
    }

    private sealed class Split : Layer
    {
        protected override IReadOnlyList<Tensor> CallMany(IReadOnlyList<Tensor> inputs, bool training) =>
            [Ops.Slice(inputs[0], 1, 0, 2), Ops.Slice(inputs[0], 1, 2, 2)];

        public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes) =>
            [inputShapes[0].With(1, 2), inputShapes[0].With(1, 2)];
    }
}

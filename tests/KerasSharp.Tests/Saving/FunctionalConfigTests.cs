using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Saving;

/// <summary>Functional model configs: Keras 3's format written and read back, and Keras 2 configs of real files read.</summary>
public class FunctionalConfigTests
{
    static FunctionalConfigTests()
    {
        ObjectRegistry.RegisterLayer("AddTwo", c => new AddTwo(LayerConfig.Name(c)));
        ObjectRegistry.RegisterLayer("Halves", c => new Halves(LayerConfig.Name(c)));
        ObjectRegistry.RegisterLayer("ConfigTestGate", c => new ConfigTestGate(LayerConfig.Name(c)));
    }

    private static JsonObject Fixture(string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Saving", "Fixtures", name)))!;

    private static JsonObject TensorJson(string layer, int node, int tensor, params int?[] shape) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject
        {
            ["shape"] = new JsonArray([.. shape.Select(d => d is int v ? JsonValue.Create(v) : null)]),
            ["dtype"] = "float32",
            ["keras_history"] = new JsonArray(layer, node, tensor),
        },
    };

    private static JsonObject Layers(JsonObject config, string name) =>
        config["layers"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == name)!.AsObject();

    private static Model RoundTrip(Model model) =>
        (Model)ObjectRegistry.DeserializeLayer(JsonNode.Parse(ObjectRegistry.SerializeLayer(model).ToJsonString())!);

    /// <summary>The same architecture: equal configs (names, classes, shapes, connections), parameter counts and fresh weights.</summary>
    private static void AssertSameArchitecture(Model copy, Model original)
    {
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Layers.Select(l => l.Name), Is.EqualTo(original.Layers.Select(l => l.Name)));
            Assert.That(copy.Outputs.Select(t => t.Shape), Is.EqualTo(original.Outputs.Select(t => t.Shape)));
            Assert.That(copy.CountParams(), Is.EqualTo(original.CountParams()));
            Assert.That(copy.Weights.Zip(original.Weights).Any(p => ReferenceEquals(p.First, p.Second)), Is.False, "new weights");
        });
    }

    [Test]
    public void GetConfig_SmallModel_IsKeras3Format()
    {
        var inputs = new Input(shape: [32], name: "features");
        var model = new Model(inputs, new Dense(4, activation: "relu", name: "dense").Apply(inputs), name: "small");
        var serialized = ObjectRegistry.SerializeLayer(model);
        var config = serialized["config"]!.AsObject();
        var dense = Layers(config, "dense");
        Assert.Multiple(() =>
        {
            Assert.That(serialized["module"]!.GetValue<string>(), Is.EqualTo("keras.src.models.functional"));
            Assert.That(serialized["class_name"]!.GetValue<string>(), Is.EqualTo("Functional"));
            Assert.That(serialized["registered_name"]!.GetValue<string>(), Is.EqualTo("Functional"));
            Assert.That(config.Select(kv => kv.Key), Is.EqualTo(new[] { "name", "trainable", "layers", "input_layers", "output_layers" }));
            Assert.That(config["name"]!.GetValue<string>(), Is.EqualTo("small"));
            Assert.That(Layers(config, "features").ToJsonString(), Is.EqualTo(
                """{"module":"keras.layers","class_name":"InputLayer","config":{"batch_shape":[null,32],"dtype":"float32","sparse":false,"name":"features"},"registered_name":null,"name":"features","inbound_nodes":[]}"""));
            Assert.That(dense["module"]!.GetValue<string>(), Is.EqualTo("keras.layers"));
            Assert.That(dense["config"]!["units"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(dense["config"]!.AsObject().ContainsKey("batch_input_shape"), Is.False, "Keras 3 layers take no input shape key");
            Assert.That(dense["inbound_nodes"]!.ToJsonString(), Is.EqualTo(
                new JsonArray(new JsonObject { ["args"] = new JsonArray(TensorJson("features", 0, 0, null, 32)), ["kwargs"] = new JsonObject() }).ToJsonString()));
            Assert.That(config["input_layers"]!.ToJsonString(), Is.EqualTo("""["features",0,0]"""));
            Assert.That(config["output_layers"]!.ToJsonString(), Is.EqualTo("""["dense",0,0]"""));
        });
    }

    [Test]
    public void GetConfig_ListAndDictionaryStructures_AreKept()
    {
        var a = new Input(shape: [3], name: "a");
        var b = new Input(shape: [3], name: "b");
        var sum = new AddTwo("sum").Apply([a, b]);
        var model = new Model([a, b], new Dictionary<string, KerasTensor> { ["total"] = sum, ["first"] = new Dense(1, name: "first_head").Apply(a) });
        var config = model.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config["input_layers"]!.ToJsonString(), Is.EqualTo("""[["a",0,0],["b",0,0]]"""));
            Assert.That(config["output_layers"]!.ToJsonString(), Is.EqualTo("""{"first":["first_head",0,0],"total":["sum",0,0]}"""));
            Assert.That(Layers(config, "sum")["inbound_nodes"]![0]!["args"]!.ToJsonString(), Is.EqualTo(
                new JsonArray(new JsonArray(TensorJson("a", 0, 0, null, 3), TensorJson("b", 0, 0, null, 3))).ToJsonString()), "a list argument");
        });
    }

    [Test]
    public void GetConfig_SharedLayer_HasOneNodePerCallAndConsumersNameTheCall()
    {
        var a = new Input(shape: [4], name: "a");
        var b = new Input(shape: [4], name: "b");
        var shared = new Dense(3, name: "shared");
        var model = new Model([a, b], new AddTwo("merged").Apply([shared.Apply(a), shared.Apply(b)]));
        var config = model.GetConfig();
        var nodes = Layers(config, "shared")["inbound_nodes"]!.AsArray();
        var merged = Layers(config, "merged")["inbound_nodes"]![0]!["args"]![0]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(nodes, Has.Count.EqualTo(2));
            Assert.That(nodes[1]!["args"]![0]!["config"]!["keras_history"]!.ToJsonString(), Is.EqualTo("""["b",0,0]"""));
            Assert.That(merged.Select(t => t!["config"]!["keras_history"]!.ToJsonString()), Is.EqualTo(new[] { """["shared",0,0]""", """["shared",1,0]""" }));
        });
    }

    [Test]
    public void GetConfig_LayerAlsoCalledInAnotherModel_CountsOnlyThisModelsCalls()
    {
        var first = new Input(shape: [2], name: "first");
        var reused = new Dense(2, name: "reused");
        _ = new Model(first, reused.Apply(first));
        var second = new Input(shape: [2], name: "second");
        var y = reused.Apply(second);
        var model = new Model(second, new Dense(1, name: "head").Apply(y));
        var config = model.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(y.Node.Index, Is.EqualTo(1), "the layer's second call");
            Assert.That(Layers(config, "reused")["inbound_nodes"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(Layers(config, "head")["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"]!.ToJsonString(), Is.EqualTo("""["reused",0,0]"""));
        });
        var copy = RoundTrip(model);
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void GetConfig_NestedFunctionalModel_CallsCountFromOneInOutputLayersOnly()
    {
        var innerInput = new Input(shape: [5], name: "inner_in");
        var inner = new Model(innerInput, new Dense(3, name: "inner_dense").Apply(innerInput), name: "encoder");
        var outerInput = new Input(shape: [5], name: "outer_in");
        var encoded = inner.Apply(outerInput);
        var model = new Model(outerInput, [encoded, new Dense(1, name: "head").Apply(encoded)], name: "outer");
        var config = model.GetConfig();
        var encoder = Layers(config, "encoder");
        Assert.Multiple(() =>
        {
            Assert.That(encoder["class_name"]!.GetValue<string>(), Is.EqualTo("Functional"));
            Assert.That(encoder["config"]!["layers"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "inner_in", "inner_dense" }));
            Assert.That(encoder["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"]!.ToJsonString(), Is.EqualTo("""["outer_in",0,0]"""));
            Assert.That(Layers(config, "head")["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"]!.ToJsonString(), Is.EqualTo("""["encoder",0,0]"""));
            Assert.That(config["output_layers"]!.ToJsonString(), Is.EqualTo("""[["encoder",1,0],["head",0,0]]"""));
        });
        var copy = RoundTrip(model);
        AssertSameArchitecture(copy, model);
        Assert.That(((Model)copy.GetLayer("encoder")).Layers.Select(l => l.Name), Is.EqualTo(new[] { "inner_in", "inner_dense" }));
    }

    [Test]
    public void FromConfig_ResidualModel_RebuildsTheSameGraph()
    {
        var inputs = new Input(shape: [8, 8, 3], name: "img");
        var x = new Conv2D(4, 3, activation: "relu", padding: "same").Apply(inputs);
        var y = new Conv2D(4, 3, activation: "relu", padding: "same").Apply(x);
        var sum = new AddTwo("res").Apply([y, x]);
        var outputs = new Dense(2).Apply(new GlobalAveragePooling2D().Apply(sum));
        var model = new Model(inputs, outputs, name: "residual");
        var copy = RoundTrip(model);
        AssertSameArchitecture(copy, model);
        var res = copy.GetLayer("res");
        Assert.Multiple(() =>
        {
            Assert.That(copy.Name, Is.EqualTo("residual"));
            Assert.That(res.InboundNodes[0].Inputs.Select(t => t.Layer.Name), Is.EqualTo(new[] { y.Layer.Name, x.Layer.Name }));
            Assert.That(res.InboundNodes[0].Arguments.AsList, Is.True);
            Assert.That(copy.Predict(global::KerasSharp.Engine.Tensor.Ones(new Shape(2, 8, 8, 3)), verbose: 0).Shape, Is.EqualTo(new Shape(2, 2)));
        });
    }

    [Test]
    public void FromConfig_SharedLayerAndSeveralOutputs_RoundTrip()
    {
        var a = new Input(shape: [4], name: "a");
        var b = new Input(shape: [4], name: "b");
        var shared = new Dense(4, name: "shared");
        var (left, right) = new Halves("halves").ApplyMany(shared.Apply(a));
        var merged = new AddTwo("merged").Apply([shared.Apply(b), new Dense(4).Apply(new AddTwo("join").Apply([left, right]))]);
        var model = new Model(new Dictionary<string, KerasTensor> { ["b"] = b, ["a"] = a }, [merged, right]);
        var copy = RoundTrip(model);
        AssertSameArchitecture(copy, model);
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetLayer("shared").InboundNodes, Has.Count.EqualTo(2));
            Assert.That(copy.InputNames, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(copy.Outputs[1].Index, Is.EqualTo(1), "the second output of halves");
            Assert.That(copy.GetWeights().Length, Is.EqualTo(4), "the shared layer's weights once");
        });
    }

    [Test]
    public void FromConfig_KeywordTensorArgument_RoundTrips()
    {
        var x = new Input(shape: [3], name: "x");
        var state = new Input(shape: [3], name: "state");
        var gated = new ConfigTestGate("gate").Apply(x, state);
        var model = new Model([x, state], gated);
        var node = model.GetConfig()["layers"]!.AsArray()[^1]!["inbound_nodes"]![0]!;
        Assert.That(node.ToJsonString(), Is.EqualTo(new JsonObject
        {
            ["args"] = new JsonArray(TensorJson("x", 0, 0, null, 3)),
            ["kwargs"] = new JsonObject { ["initial_state"] = TensorJson("state", 0, 0, null, 3) },
        }.ToJsonString()));
        var copy = RoundTrip(model);
        AssertSameArchitecture(copy, model);
        var arguments = copy.GetLayer("gate").InboundNodes[0].Arguments;
        Assert.That(arguments.Keywords, Is.EqualTo(new[] { ("initial_state", 1) }));
    }

    [Test]
    public void FromConfig_IntermediateTensorAsInput_GetsAnInputLayerOfItsOwn()
    {
        var inputs = new Input(shape: [6], name: "raw");
        var hidden = new Dense(4, name: "hidden").Apply(inputs);
        var head = new Model(hidden, new Dense(2, name: "head").Apply(hidden));
        var config = head.GetConfig();
        string clone = hidden.Name + "CLONE";
        var copy = Model.FromConfig(JsonNode.Parse(config.ToJsonString())!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(config["input_layers"]!.ToJsonString(), Is.EqualTo($"""["{clone}",0,0]"""));
            Assert.That(copy.Layers.Select(l => l.Name), Is.EqualTo(new[] { clone, "head" }));
            Assert.That(copy.Inputs[0].Shape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(copy.CountParams(), Is.EqualTo(10));
        });
    }

    [TestCase("k2.2.2_elephas_model.model_config.json", "model_1", new[] { "input_1", "dense_4", "dense_5", "dense_6" }, 55050L)]
    [TestCase("k2.2.4-tf_mlp_0.model_config.json", "model", new[] { "input_1", "dense", "activation", "dropout" }, 24L)]
    [TestCase("k2.4.0_flatten_3d.model_config.json", "model", new[] { "input_1", "flatten", "dense" }, 10010L)]
    public void FromConfig_Keras2FileConfigs_BuildTheArchitecture(string file, string name, string[] layers, long parameters)
    {
        var model = (Model)ObjectRegistry.DeserializeLayer(Fixture(file));
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo(name));
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(layers));
            Assert.That(model.CountParams(), Is.EqualTo(parameters));
            Assert.That(model.InputStructure.IsList, Is.True, "Keras 2 writes the inputs as a list");
        });
    }

    [Test]
    public void FromConfig_Keras22ElephasModel_HasTheFilesWeightShapesAndOutput()
    {
        var model = Model.FromConfig(Fixture("k2.2.2_elephas_model.model_config.json")["config"]!.AsObject());
        Assert.Multiple(() =>
        {
            // the weights listed in the file: dense_4 (784, 64) + (64), dense_5 (64, 64) + (64), dense_6 (64, 10) + (10)
            Assert.That(model.Weights.Select(w => w.Shape.ToString()), Is.EqualTo(new[] { "(784, 64)", "(64,)", "(64, 64)", "(64,)", "(64, 10)", "(10,)" }));
            Assert.That(model.Weights.Select(w => w.Path), Is.EqualTo(new[] { "dense_4/kernel", "dense_4/bias", "dense_5/kernel", "dense_5/bias", "dense_6/kernel", "dense_6/bias" }));
            Assert.That(((Dense)model.GetLayer("dense_6")).Activation.Name, Is.EqualTo("softmax"));
            var p = model.Predict(global::KerasSharp.Engine.Tensor.Ones(new Shape(2, 784)), verbose: 0);
            Assert.That(p.Shape, Is.EqualTo(new Shape(2, 10)));
            Assert.That(p.ToArray().Take(10).Sum(), Is.EqualTo(1f).Within(1e-5f), "softmax output");
        });
    }

    [Test]
    public void FromConfig_Keras24Flatten3d_KeepsTheFiveDimensionalInput()
    {
        var model = (Model)ObjectRegistry.DeserializeLayer(Fixture("k2.4.0_flatten_3d.model_config.json"));
        Assert.Multiple(() =>
        {
            Assert.That(model.Inputs[0].Shape, Is.EqualTo(new Shape(-1, 10, 10, 10, 1)));
            Assert.That(model.GetLayer("flatten").Output.Shape, Is.EqualTo(new Shape(-1, 1000)));
            Assert.That(model.Weights[0].Shape, Is.EqualTo(new Shape(1000, 10)));
        });
    }

    [Test]
    public void FromConfig_Keras2File_WritesAKeras3ConfigThatReadsBack()
    {
        var model = (Model)ObjectRegistry.DeserializeLayer(Fixture("k2.2.4-tf_mlp_0.model_config.json"));
        var config = model.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config["input_layers"]!.ToJsonString(), Is.EqualTo("""[["input_1",0,0]]"""));
            Assert.That(Layers(config, "activation")["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"]!.ToJsonString(), Is.EqualTo("""["dense",0,0]"""));
        });
        AssertSameArchitecture(Model.FromConfig(config), model);
    }

    [Test]
    public void FromConfig_Keras2NestedModelAndMerge_CountsNestedCallsFromOne()
    {
        // tf.keras numbers a nested model's calls from 1 (call 0 was its construction), in inbound nodes and outputs.
        var config = JsonNode.Parse("""
        {"class_name": "Functional", "config": {"name": "outer", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "x"}, "name": "x", "inbound_nodes": []},
          {"class_name": "Functional", "config": {"name": "inner", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "inner_x"}, "name": "inner_x", "inbound_nodes": []},
              {"class_name": "Dense", "config": {"name": "inner_dense", "units": 4, "activation": "relu"}, "name": "inner_dense", "inbound_nodes": [[["inner_x", 0, 0, {}]]]}],
            "input_layers": [["inner_x", 0, 0]], "output_layers": [["inner_dense", 0, 0]]},
           "name": "inner", "inbound_nodes": [[["x", 0, 0, {}]]]},
          {"class_name": "Sequential", "config": {"name": "seq", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "seq_input"}},
              {"class_name": "Dense", "config": {"name": "seq_dense", "units": 4}}]},
           "name": "seq", "inbound_nodes": [[["x", 0, 0, {}]]]},
          {"class_name": "AddTwo", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["inner", 1, 0, {}], ["seq", 1, 0, {}]]]}],
         "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0], ["inner", 1, 0]]},
         "keras_version": "2.4.0", "backend": "tensorflow"}
        """)!;
        var model = (Model)ObjectRegistry.DeserializeLayer(config);
        var add = model.GetLayer("add");
        Assert.Multiple(() =>
        {
            Assert.That(model.Layers.Select(l => l.Name), Is.EqualTo(new[] { "x", "inner", "seq", "add" }));
            Assert.That(add.InboundNodes[0].Inputs.Select(t => t.Layer.Name), Is.EqualTo(new[] { "inner", "seq" }));
            Assert.That(model.Outputs[1].Layer.Name, Is.EqualTo("inner"));
            Assert.That(model.CountParams(), Is.EqualTo(40));
        });
    }

    [Test]
    public void FromConfig_Keras3LayerSharedAtTwoDepths_IsCalledOverSeveralRounds()
    {
        // A(B(A(x))): A's second call needs B's output, which comes later in the list of layers.
        var config = new JsonObject
        {
            ["name"] = "twice",
            ["trainable"] = true,
            ["layers"] = new JsonArray(
                Entry(ObjectRegistry.SerializeLayer(new InputLayer(new Shape(3), name: "x")), "x"),
                Entry(ObjectRegistry.SerializeLayer(new Dense(3, name: "a")), "a",
                    Call(TensorJson("x", 0, 0, null, 3)), Call(TensorJson("b", 0, 0, null, 3))),
                Entry(ObjectRegistry.SerializeLayer(new Dense(3, name: "b")), "b", Call(TensorJson("a", 0, 0, null, 3)))),
            ["input_layers"] = new JsonArray("x", 0, 0),
            ["output_layers"] = new JsonArray("a", 1, 0),
        };
        var model = Model.FromConfig(config);
        var a = model.GetLayer("a");
        Assert.Multiple(() =>
        {
            Assert.That(a.InboundNodes, Has.Count.EqualTo(2));
            Assert.That(a.InboundNodes[1].Inputs[0].Layer.Name, Is.EqualTo("b"));
            Assert.That(model.Outputs[0], Is.SameAs(a.InboundNodes[1].Outputs[0]));
            Assert.That(model.InputStructure.IsList, Is.False, "one input written as a single reference");
        });
    }

    [Test]
    public void FromConfig_UnknownInboundLayer_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Model.FromConfig(InputAndDense(inboundLayer: "missing")));
        Assert.That(e!.Message, Does.StartWith("Invalid Functional model configuration. Unknown layer: 'missing'."));
    }

    [Test]
    public void FromConfig_NodeThatNeverResolves_ThrowsWithTheLayerName()
    {
        var e = Assert.Throws<ArgumentException>(() => Model.FromConfig(InputAndDense(inboundLayer: "d")));
        Assert.That(e!.Message, Is.EqualTo(
            "Invalid Functional model configuration. The graph of the Functional model either has loops or disconnected nodes. The following nodes failed to be resolved: ['d']"));
    }

    [Test]
    public void FromConfig_MissingLayers_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Model.FromConfig(new JsonObject { ["name"] = "m" }));
        Assert.That(e!.Message, Does.StartWith("The config of a Functional model needs a \"layers\" array."));
    }

    [Test]
    public void SequentialFromConfig_LayersCarryingInboundNodes_AreRead()
    {
        var config = JsonNode.Parse("""
        {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "trainable": true, "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "in"}, "registered_name": null, "name": "in", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}, "registered_name": null, "name": "d",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["in", 0, 0]}}], "kwargs": {}}]}]},
         "registered_name": null}
        """)!;
        var model = (Sequential)ObjectRegistry.DeserializeLayer(config);
        Assert.That(model.CountParams(), Is.EqualTo(8));
    }

    [Test]
    public void SequentialContainingAFunctionalModel_RoundTrips()
    {
        var innerInput = new Input(shape: [4], name: "inner_in");
        var inner = new Model(innerInput, new Dense(3, name: "inner_dense").Apply(innerInput), name: "block");
        var model = new Sequential([new Input(shape: [4]), inner, new Dense(1)]);
        var copy = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(ObjectRegistry.SerializeLayer(model).ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(copy.Layers.Select(l => l.ClassName), Is.EqualTo(new[] { "Functional", "Dense" }));
            Assert.That(((Model)copy.Layers[0]).Layers.Select(l => l.Name), Is.EqualTo(new[] { "inner_in", "inner_dense" }));
            Assert.That(copy.CountParams(), Is.EqualTo(model.CountParams()));
            Assert.That(copy.OutputShape, Is.EqualTo(new Shape(-1, 1)));
        });
    }

    [Test]
    public void Summary_OfAModelReadFromAKeras2File_ListsItsLayers()
    {
        var model = (Model)ObjectRegistry.DeserializeLayer(Fixture("k2.2.4-tf_mlp_0.model_config.json"));
        var output = new StringWriter();
        model.Summary(output: output);
        Assert.That(output.ToString(), Does.Contain("│ dense (Dense)                   │ (None, 6)              │            24 │"));
    }

    /// <summary>A config of an input <c>x</c> and a Dense <c>d</c> called on a tensor of <paramref name="inboundLayer"/>.</summary>
    private static JsonObject InputAndDense(string inboundLayer) => new()
    {
        ["name"] = "m",
        ["layers"] = new JsonArray(
            Entry(ObjectRegistry.SerializeLayer(new InputLayer(new Shape(3), name: "x")), "x"),
            Entry(ObjectRegistry.SerializeLayer(new Dense(3, name: "d")), "d", Call(TensorJson(inboundLayer, 0, 0, null, 3)))),
        ["input_layers"] = new JsonArray("x", 0, 0),
        ["output_layers"] = new JsonArray("d", 0, 0),
    };

    private static JsonObject Call(params JsonObject[] args) => new() { ["args"] = new JsonArray(args), ["kwargs"] = new JsonObject() };

    private static JsonObject Entry(JsonObject serialized, string name, params JsonObject[] nodes)
    {
        serialized["name"] = name;
        serialized["inbound_nodes"] = new JsonArray(nodes);
        return serialized;
    }

    /// <summary>Takes its second tensor as the keyword argument <c>initial_state</c>, as an RNN does.</summary>
    private sealed class ConfigTestGate(string? name) : Layer(name)
    {
        public KerasTensor Apply(KerasTensor x, KerasTensor state) => ApplySymbolic([x, state], new NodeArguments(1, false, [("initial_state", 1)]))[0];

        protected override Tensor Call(IReadOnlyList<Tensor> inputs, bool training) => Ops.Multiply(inputs[0], inputs[1]);

        public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes) => [inputShapes[0]];
    }
}

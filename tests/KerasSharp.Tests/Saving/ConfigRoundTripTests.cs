using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;

namespace KerasSharp.Tests.Saving;

public class ConfigRoundTripTests
{
    private static IEnumerable<TestCaseData> Layers()
    {
        yield return new TestCaseData((Func<Layer>)(() => new Dense(7, activation: "relu", useBias: false, kernelInitializer: "he_normal", kernelRegularizer: new KerasSharp.Regularizers.L2(0.1f), name: "d"))).SetName("Dense");
        yield return new TestCaseData((Func<Layer>)(() => new Dense(3, inputDim: 5))).SetName("DenseWithInputDim");
        yield return new TestCaseData((Func<Layer>)(() => new Activation("tanh"))).SetName("Activation");
        yield return new TestCaseData((Func<Layer>)(() => new Dropout(0.3f, seed: 4))).SetName("Dropout");
        yield return new TestCaseData((Func<Layer>)(() => new Flatten())).SetName("Flatten");
        yield return new TestCaseData((Func<Layer>)(() => new Reshape(new Shape(2, -1)))).SetName("Reshape");
        yield return new TestCaseData((Func<Layer>)(() => new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5))).SetName("ReLU");
        yield return new TestCaseData((Func<Layer>)(() => new LeakyReLU(0.2))).SetName("LeakyReLU");
        yield return new TestCaseData((Func<Layer>)(() => new Softmax(axis: 1))).SetName("Softmax");
        yield return new TestCaseData((Func<Layer>)(() => new InputLayer(new Shape(28, 28)))).SetName("InputLayer");
    }

    [TestCaseSource(nameof(Layers))]
    public void SerializeDeserialize_RoundTripsTheConfig(Func<Layer> factory)
    {
        var layer = factory();
        layer.Trainable = layer is not InputLayer && layer.Trainable;
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetType(), Is.EqualTo(layer.GetType()));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(json["module"]!.GetValue<string>(), Is.EqualTo("keras.layers"));
        });
    }

    [Test]
    public void FrozenLayer_KeepsTrainableFalse()
    {
        var layer = new Dense(2) { Trainable = false };
        var copy = ObjectRegistry.DeserializeLayer(ObjectRegistry.SerializeLayer(layer));
        Assert.That(copy.Trainable, Is.False);
    }

    [Test]
    public void Sequential_RoundTripsArchitecture()
    {
        var model = new Sequential([new Input(shape: [28, 28]), new Flatten(), new Dense(16, activation: "relu"), new Dropout(0.2f), new Dense(10)]);
        var json = ObjectRegistry.SerializeLayer(model).ToJsonString();
        var copy = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.Multiple(() =>
        {
            Assert.That(copy.Layers.Select(l => l.ClassName), Is.EqualTo(new[] { "Flatten", "Dense", "Dropout", "Dense" }));
            Assert.That(copy.CountParams(), Is.EqualTo(model.CountParams()));
            Assert.That(copy.OutputShape.ToString(), Is.EqualTo("(None, 10)"));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json));
        });
    }

    [Test]
    public void Keras3Config_FromTheKerasDocs_BuildsTheModel()
    {
        // Abridged from a real Keras 3 model.to_json(): an InputLayer with batch_shape and a Dense with serialized initializers.
        const string json = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
         "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
         "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer"}, "registered_name": null},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32",
           "units": 12, "activation": "relu", "use_bias": true,
           "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
           "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
           "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
           "registered_name": null, "build_config": {"input_shape": [null, 8]}}],
         "build_input_shape": [null, 8]}, "registered_name": null}
        """;
        var model = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("sequential"));
            Assert.That(model.Layers[0].Name, Is.EqualTo("dense"));
            Assert.That(((Dense)model.Layers[0]).Activation.Name, Is.EqualTo("relu"));
            Assert.That(model.CountParams(), Is.EqualTo(8 * 12 + 12));
        });
    }

    [Test]
    public void Keras2Config_WithoutModule_IsRead()
    {
        const string json = """
        {"class_name": "Sequential", "config": {"name": "sequential_10", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_18_input"}},
          {"class_name": "Dense", "config": {"name": "dense_18", "trainable": true, "batch_input_shape": [null, 8], "dtype": "float32", "units": 32, "activation": "linear", "use_bias": true,
           "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
           "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]},
         "keras_version": "2.4.0", "backend": "tensorflow"}
        """;
        var model = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.That(model.CountParams(), Is.EqualTo(8 * 32 + 32));
    }

    [Test]
    public void UnknownClass_ListsKnownLayers()
    {
        var ex = Assert.Throws<ArgumentException>(() => ObjectRegistry.DeserializeLayer(JsonNode.Parse("""{"class_name": "Conv9D", "config": {}}""")!));
        Assert.That(ex!.Message, Does.Contain("Unknown layer: 'Conv9D'").And.Contain("Dense"));
    }

    [Test]
    public void RegisterLayer_MakesACustomLayerReadable()
    {
        ObjectRegistry.RegisterLayer("Doubler", c => new Doubler(LayerConfig.Name(c)));
        var copy = ObjectRegistry.DeserializeLayer(ObjectRegistry.SerializeLayer(new Doubler("twice")));
        Assert.That(copy, Is.InstanceOf<Doubler>());
        Assert.That(copy.Name, Is.EqualTo("twice"));
    }

    private sealed class Doubler(string? name) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2f;
    }
}

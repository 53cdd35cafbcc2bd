using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Saving;

/// <summary>Keras 2 model configs with its activation layers (ThresholdedReLU, LeakyReLU's <c>alpha</c>, ELU, PReLU) load.</summary>
public class Keras2ActivationLayersTests
{
    private const string Keras2Config = """
    {"class_name": "Sequential", "config": {"name": "sequential_3", "layers": [
      {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
      {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "batch_input_shape": [null, 4], "dtype": "float32", "units": 6, "activation": "linear", "use_bias": true,
       "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
       "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
      {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": "float32", "alpha": 0.15}},
      {"class_name": "ThresholdedReLU", "config": {"name": "thresholded_re_lu", "trainable": true, "dtype": "float32", "theta": 0.4}},
      {"class_name": "ELU", "config": {"name": "elu", "trainable": true, "dtype": "float32", "alpha": 0.8}},
      {"class_name": "PReLU", "config": {"name": "p_re_lu", "trainable": true, "dtype": "float32",
       "alpha_initializer": {"class_name": "Zeros", "config": {}}, "alpha_regularizer": null, "alpha_constraint": null, "shared_axes": null}}]},
     "keras_version": "2.13.1", "backend": "tensorflow"}
    """;

    [Test]
    public void Keras2Config_ActivationLayers_LoadWithTheirArguments()
    {
        var model = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(Keras2Config)!);
        var leaky = (LeakyReLU)model.Layers[1];
        var thresholded = (ThresholdedReLU)model.Layers[2];
        var elu = (ELU)model.Layers[3];
        Assert.Multiple(() =>
        {
            Assert.That(leaky.NegativeSlope, Is.EqualTo(0.15));
            Assert.That(thresholded.Theta, Is.EqualTo(0.4));
            Assert.That(elu.Alpha, Is.EqualTo(0.8));
            Assert.That(model.CountParams(), Is.EqualTo(4 * 6 + 6 + 6), "the PReLU has one slope per unit");
        });
    }

    [Test]
    public void Keras2Config_Predict_ComposesTheLayers()
    {
        var model = (Sequential)ObjectRegistry.DeserializeLayer(JsonNode.Parse(Keras2Config)!);
        var dense = (Dense)model.Layers[0];
        var x = TestData.Uniform(3, -2, 2, 5, 4);
        var h = dense.Apply(x).ToArray();
        var expected = h.Select(v =>
        {
            double a = v > 0 ? v : 0.15 * v;
            double b = a > 0.4 ? a : 0;
            return (float)(b > 0 ? b : 0.8 * (Math.Exp(b) - 1));
        }).ToArray();
        TensorAssert.AllClose(model.Predict(x, verbose: 0), expected, rtol: 1e-5, atol: 1e-6);
    }
}

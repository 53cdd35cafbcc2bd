using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>Each built-in layer kind, exported alone in a Sequential model and run in ONNX Runtime.</summary>
[TestFixture]
public sealed class OnnxExportLayerTests
{
    /// <summary>A layer case: its name, the sample shape and the layers after the input.</summary>
    public sealed record Case(string Name, int[] Sample, Func<Layer[]> Layers, int? Ids = null, int[]? Declared = null)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    private static TestCaseData C(string name, int[] sample, Func<Layer[]> layers, int? ids = null, int[]? declared = null) =>
        new TestCaseData(new Case(name, sample, layers, ids, declared)).SetName($"Export_{name}_MatchesPredict");

    private static IEnumerable<TestCaseData> Layers()
    {
        yield return C("Dense", [6], () => [new Dense(5)]);
        yield return C("DenseNoBias", [6], () => [new Dense(3, activation: "tanh", useBias: false)]);
        yield return C("Dense3D", [4, 6], () => [new Dense(3, activation: "relu")]);
        yield return C("LeakyReLU", [7], () => [new LeakyReLU(0.25)]);
        yield return C("ReLU", [7], () => [new ReLU()]);
        yield return C("ReLUMaxSlopeThreshold", [7], () => [new ReLU(maxValue: 0.6, negativeSlope: 0.1, threshold: 0.2)]);
        yield return C("ReLUMaxSlope", [7], () => [new ReLU(maxValue: 0.5, negativeSlope: 0.3)]);
        yield return C("ReLUCap6", [7], () => [new ReLU(maxValue: 6)]);
        yield return C("ELU", [7], () => [new ELU(alpha: 0.7)]);
        yield return C("PReLU", [3, 4], () => [new PReLU()]);
        yield return C("PReLUSharedAxis", [3, 4], () => [new PReLU(sharedAxes: [1])]);
        yield return C("PReLUImage", [4, 4, 3], () => [new PReLU(sharedAxes: [1, 2])]);
        yield return C("ThresholdedReLU", [7], () => [new ThresholdedReLU(theta: 0.3)]);
        yield return C("Softmax", [7], () => [new Softmax()]);
        yield return C("SoftmaxAxis1", [3, 4], () => [new Softmax(axis: 1)]);
        yield return C("Conv1DValid", [9, 3], () => [new Conv1D(4, 3)]);
        yield return C("Conv1DSameStrided", [9, 3], () => [new Conv1D(4, 3, strides: 2, padding: "same", activation: "relu")]);
        yield return C("Conv1DCausalDilated", [9, 3], () => [new Conv1D(2, 3, padding: "causal", dilationRate: 2)]);
        yield return C("Conv2DValid", [6, 5, 2], () => [new Conv2D(3, new IntPair(3, 2))]);
        yield return C("Conv2DSameStrided", [7, 6, 2], () => [new Conv2D(3, new IntPair(3, 3), strides: new IntPair(2, 2), padding: "same")]);
        yield return C("Conv2DSameDilated", [7, 6, 2], () => [new Conv2D(3, new IntPair(3, 3), padding: "same", dilationRate: new IntPair(2, 1), activation: "sigmoid")]);
        yield return C("MaxPooling1D", [9, 3], () => [new MaxPooling1D(2)]);
        yield return C("MaxPooling1DSame", [9, 3], () => [new MaxPooling1D(3, strides: 2, padding: "same")]);
        yield return C("AveragePooling1D", [9, 3], () => [new AveragePooling1D(3, strides: 1)]);
        yield return C("AveragePooling1DSame", [9, 3], () => [new AveragePooling1D(2, padding: "same")]);
        yield return C("MaxPooling2D", [6, 5, 2], () => [new MaxPooling2D()]);
        yield return C("MaxPooling2DSame", [7, 5, 2], () => [new MaxPooling2D(new IntPair(3, 3), strides: new IntPair(2, 2), padding: "same")]);
        yield return C("AveragePooling2D", [6, 5, 2], () => [new AveragePooling2D(new IntPair(2, 3))]);
        yield return C("AveragePooling2DSame", [7, 5, 2], () => [new AveragePooling2D(new IntPair(3, 3), strides: new IntPair(2, 2), padding: "same")]);
        yield return C("GlobalMaxPooling1D", [5, 3], () => [new GlobalMaxPooling1D()]);
        yield return C("GlobalAveragePooling1D", [5, 3], () => [new GlobalAveragePooling1D(keepDims: true)]);
        yield return C("GlobalMaxPooling2D", [4, 5, 3], () => [new GlobalMaxPooling2D(keepDims: true)]);
        yield return C("GlobalAveragePooling2D", [4, 5, 3], () => [new GlobalAveragePooling2D()]);
        yield return C("BatchNormalization", [6], () => [new BatchNormalization()]);
        yield return C("BatchNormalizationChannels", [4, 3, 5], () => [new BatchNormalization(axis: -1, center: false)]);
        yield return C("BatchNormalizationAxis1", [4, 3], () => [new BatchNormalization(axis: 1, scale: false)]);
        yield return C("LayerNormalization", [6], () => [new LayerNormalization()]);
        yield return C("LayerNormalizationNoCenter", [3, 6], () => [new LayerNormalization(center: false, epsilon: 1e-5f)]);
        yield return C("LayerNormalizationNoScale", [3, 6], () => [new LayerNormalization(scale: false)]);
        yield return C("LayerNormalizationTwoAxes", [3, 4, 2], () => [new LayerNormalization(axis: [-2, -1])]);
        yield return C("LayerNormalizationMiddleAxis", [3, 4, 2], () => [new LayerNormalization(axis: 1)]);
        yield return C("LayerNormalizationRms", [3, 6], () => [new LayerNormalization(rmsScaling: true)]);
        yield return C("LayerNormalizationRmsTwoAxes", [3, 4, 2], () => [new LayerNormalization(axis: [1, 2], rmsScaling: true, scale: false)]);
        yield return C("Dropout", [6], () => [new Dropout(0.5f), new Dense(2)]);
        yield return C("SpatialDropout2D", [3, 3, 2], () => [new SpatialDropout2D(0.4f)]);
        yield return C("Rescaling", [6], () => [new Rescaling(1f / 255, offset: -0.5f)]);
        yield return C("Flatten", [3, 2, 4], () => [new Flatten()]);
        yield return C("Reshape", [12], () => [new Reshape(new Shape(3, -1))]);
        yield return C("ZeroPadding2D", [3, 4, 2], () => [new ZeroPadding2D(((1, 2), (0, 3)))]);
        yield return C("UpSampling2D", [3, 4, 2], () => [new UpSampling2D(new IntPair(2, 3))]);
        yield return C("Embedding", [5], () => [new Embedding(11, 4)], ids: 11);
        yield return C("NormalizationGiven", [3, 4], () => [new Normalization(mean: [0.1f, -0.2f, 0.3f, 0f], variance: [0.5f, 2f, 1f, 4f])]);
        yield return C("NormalizationScalarInvert", [4], () => [new Normalization(axis: null, mean: [0.5f], variance: [2f], invert: true)]);
        yield return C("NormalizationAdaptedTwoAxes", [3, 4], () => [new Normalization(axis: [1, 2])]);
        yield return C("Conv1DSameStridedDynamicLength", [9, 3], () => [new Conv1D(4, 3, strides: 2, padding: "same")], declared: [-1, 3]);
        yield return C("MaxPooling1DSameDynamicLength", [9, 3], () => [new MaxPooling1D(2, padding: "same")], declared: [-1, 3]);
        yield return C("Dense3DDynamicLength", [4, 6], () => [new Dense(3), new GlobalAveragePooling1D()], declared: [-1, 6]);
        yield return C("ConvNet", [8, 8, 1], () => [
            new Conv2D(4, new IntPair(3, 3), padding: "same", activation: "relu"), new BatchNormalization(), new MaxPooling2D(),
            new Conv2D(3, new IntPair(2, 2)), new Flatten(), new Dropout(0.2f), new Dense(5, activation: "softmax")]);
    }

    // every id but sparsemax, which has no ONNX form (see Export_Sparsemax_ThrowsNamingIt); glu needs an even axis
    private static IEnumerable<TestCaseData> Activations() =>
        ActivationFunction.Names.Where(name => name != "sparsemax").Order(StringComparer.Ordinal).SelectMany(name => new[]
        {
            new TestCaseData(new Case($"DenseActivation_{name}", [5], () => [new Dense(4, activation: name)]))
                .SetName($"Export_DenseActivation_{name}_MatchesPredict"),
            new TestCaseData(new Case($"ActivationLayer_{name}", name == "glu" ? [3, 6] : [3, 5], () => [new Activation(name)]))
                .SetName($"Export_ActivationLayer_{name}_MatchesPredict"),
        });

    private static readonly string[] ParameterisedIds =
    [
        "relu(negative_slope=0.1, max_value=0.6, threshold=0.2)", "relu(max_value=6.0)", "leaky_relu(negative_slope=0.05)",
        "elu(alpha=0.5)", "celu(alpha=0.4)", "gelu(approximate=True)", "glu(axis=1)", "squareplus(b=0.5)",
        "soft_shrink(threshold=0.3)", "hard_shrink(threshold=0.3)", "threshold(threshold=0.1, default_value=-2.0)",
        "softmax(axis=1)", "log_softmax(axis=1)",
    ];

    private static IEnumerable<TestCaseData> ParameterisedActivations() => ParameterisedIds.Select(id =>
        new TestCaseData(new Case($"Activation_{id}", [4, 5], () => [new Activation(id)])).SetName($"Export_ActivationLayer_{id}_MatchesPredict"));

    [Test]
    public void Export_Sparsemax_ThrowsNamingIt()
    {
        var model = new Sequential([new Input(shape: [5]), new Dense(4, activation: "sparsemax")]);
        var ex = Assert.Throws<NotSupportedException>(() => OnnxRun.AssertMatchesPredict(model, [OnnxRun.RandomInput(2, [5], 1)], [OnnxRun.RandomInput(3, [5], 2)]));
        Assert.That(ex!.Message, Does.Contain("sparsemax").And.Contain("ONNX"));
    }

    [TestCaseSource(nameof(Layers))]
    [TestCaseSource(nameof(Activations))]
    [TestCaseSource(nameof(ParameterisedActivations))]
    public void Export_Layer_MatchesPredict(Case c)
    {
        var model = new Sequential([new Input(shape: c.Declared ?? c.Sample), .. c.Layers()]);
        OnnxRun.Randomize(model);
        Tensor Batch(int n, int seed) => c.Ids is { } count ? OnnxRun.RandomIds(n, c.Sample, count, seed) : OnnxRun.RandomInput(n, c.Sample, seed);
        OnnxRun.AssertMatchesPredict(model, [Batch(2, 1)], [Batch(5, 2)]);
    }
}

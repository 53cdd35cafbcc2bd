using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

// Namespace KerasSharp.Tests.Engine: a namespace named …Engine.Ops would hide the Ops class in the engine tests.
namespace KerasSharp.Tests.Engine;

/// <summary>
/// Convolution and pooling against TF.js 4.22 (<c>@tensorflow/tfjs</c>, cpu backend), the JavaScript port of Keras and
/// TensorFlow's ops. The expected values were produced by <c>tf.conv2d</c>, <c>tf.grads</c>, <c>tf.maxPool</c> and
/// <c>tf.avgPool</c> on the same inputs, which both sides generate with the LCG below
/// (<c>v ← v·16807 mod (2³¹ − 1)</c>, value <c>((v mod 2000) − 1000) / 1000</c>); x is (1, 6, 5, 2) from seed 3 and the
/// kernel (3, 2, 2, 2) from seed 5.
/// </summary>
public class ConvolutionTfjsParityTests
{
    private static Tensor Lcg(long seed, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        long v = seed;
        for (int i = 0; i < values.Length; i++)
        {
            v = v * 16807 % 2147483647;
            values[i] = (float)((v % 2000 - 1000) / 1000.0);
        }
        return Tensor.FromArray(values, shape);
    }

    private static readonly Tensor X = Lcg(3, 1, 6, 5, 2);
    private static readonly Tensor W = Lcg(5, 3, 2, 2, 2);

    private static readonly float[] SameStride2 =
    [
        0.028386893f, 0.67347896f, 0.026603987f, 1.5904601f, 0.41160387f, 0.41372502f, -0.75778198f, -0.48337200f,
        0.41868901f, -1.1295090f, -0.69329101f, -1.0605221f, -1.8142471f, 0.33504498f, 0.082589976f, 0.47841501f,
        0.61672693f, 0.44264498f
    ];

    private static readonly float[] SameDilation2 =
    [
        -0.34014797f, -0.15169400f, 0.75157607f, -0.094422013f, -0.088139988f, -0.11173099f, -0.97289288f,
        0.38225102f, -0.20648299f, -0.26585099f, -0.032979019f, 0.058406983f, 2.1998827f, 0.61581296f, 0.32968494f,
        -0.51224202f, 0.66956598f, 1.8533692f, -0.017681990f, 0.60298598f, -0.12440605f, 0.041962985f, 2.3160927f,
        0.43518096f, 1.8779830f, 0.55161297f, 1.2410789f, 1.1738341f, 0.62293404f, 1.0006109f, 1.0350749f,
        0.61892098f, -1.5503008f, -0.42086101f, 0.66032887f, 0.80409396f, -0.51205897f, -1.5995810f, -0.34686598f,
        -0.57639498f, -0.78937006f, -0.59464306f, -0.45682102f, 0.48905802f, -1.2658188f, -0.82917595f, -0.24147502f,
        -0.70472097f, 0.11600804f, -1.1577250f, 0.42558408f, 0.49272901f, -2.4667373f, 0.52067310f, 0.22954594f,
        -0.50573295f, 0.56671900f, 0.78803504f, -0.68074596f, -0.32262298f
    ];

    private static readonly float[] ValidStride2x1 =
    [
        0.028386893f, 0.67347896f, 2.6622181f, -0.16984002f, 0.026603987f, 1.5904601f, 0.40451619f, 1.4879701f,
        -0.75778198f, -0.48337200f, -1.2483370f, -0.53572798f, 0.41868901f, -1.1295090f, 0.23219502f, -0.45023099f
    ];

    private static readonly float[] SameStride2InputGradient =
    [
        -1.7200000f, 0.41999999f, 0.069000006f, 1.1690000f, -1.7200000f, 0.41999999f, 0.069000006f, 1.1690000f,
        -1.7200000f, 0.41999999f, 0.63100004f, 0.084000021f, 1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f,
        1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f, -2.3810000f, 0.032999996f, -0.80599999f, 1.6170000f,
        -2.3810000f, 0.032999996f, -0.80599999f, 1.6170000f, -2.3810000f, 0.032999996f, 0.63100004f, 0.084000021f,
        1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f, 1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f,
        -2.3810000f, 0.032999996f, -0.80599999f, 1.6170000f, -2.3810000f, 0.032999996f, -0.80599999f, 1.6170000f,
        -2.3810000f, 0.032999996f, 0.63100004f, 0.084000021f, 1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f,
        1.0820000f, 1.1560000f, 0.63100004f, 0.084000021f
    ];

    private static readonly float[] SameStride2KernelGradient =
    [
        0.77900004f, 0.77900004f, 1.8529999f, 1.8529999f, -0.74400002f, -0.74400002f, -0.27600002f, -0.27600002f,
        2.4449999f, 2.4449999f, 0.43600002f, 0.43600002f, -1.4560001f, -1.4560001f, 1.3930000f, 1.3930000f,
        1.7400000f, 1.7400000f, -0.54299998f, -0.54299998f, -0.30100003f, -0.30100003f, -0.94300002f, -0.94300002f
    ];

    private static readonly float[] MaxPool3x3Stride2Same =
    [
        0.67299998f, 0.74699998f, 0.96100003f, 0.86199999f, 0.80100000f, 0.83600003f, 0.99699998f, 0.80100000f,
        0.47999999f, 0.80100000f, 0.80100000f, 0.42399999f, 0.90100002f, 0.83200002f, 0.35699999f, 0.83200002f,
        0.29600000f, 0.42399999f
    ];

    private static readonly float[] AvgPool3x3Stride2Same =
    [
        -0.0095000090f, -0.093666673f, 0.18811111f, 0.24155556f, 0.12750000f, 0.34900001f, 0.34349999f, -0.36483333f,
        -0.12722223f, -0.078111112f, -0.091666669f, -0.12166667f, 0.15475000f, 0.26999998f, -0.34400001f,
        0.087333336f, -0.34000000f, 0.10150000f
    ];

    [Test]
    public void Conv_SameStride2_MatchesTfjs() => TensorAssert.AllClose(Ops.Conv(X, W, [2, 2], "same"), SameStride2, 1e-5, 1e-6);

    [Test]
    public void Conv_SameDilation2_MatchesTfjs() => TensorAssert.AllClose(Ops.Conv(X, W, padding: "same", dilationRate: [2, 2]), SameDilation2, 1e-5, 1e-6);

    [Test]
    public void Conv_ValidStride2x1_MatchesTfjs() => TensorAssert.AllClose(Ops.Conv(X, W, [2, 1], "valid"), ValidStride2x1, 1e-5, 1e-6);

    [Test]
    public void Conv_SameStride2_GradientsOfTheSumMatchTfjs()
    {
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            grads = tape.Gradient(Ops.Sum(Ops.Conv(X, W, [2, 2], "same")), [X, W]);
        }
        TensorAssert.AllClose(grads[0], SameStride2InputGradient, 1e-5, 1e-6);
        TensorAssert.AllClose(grads[1], SameStride2KernelGradient, 1e-5, 1e-6);
    }

    [Test]
    public void MaxPool_3x3Stride2Same_MatchesTfjs() => TensorAssert.AllClose(Ops.MaxPool(X, [3, 3], [2, 2], "same"), MaxPool3x3Stride2Same, 0, 0);

    [Test]
    public void AveragePool_3x3Stride2Same_MatchesTfjs() => TensorAssert.AllClose(Ops.AveragePool(X, [3, 3], [2, 2], "same"), AvgPool3x3Stride2Same, 1e-5, 1e-6);
}

using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class BinaryFocalCrossentropyTests
{
    // keras.losses.BinaryFocalCrossentropy docstring data
    private static readonly Tensor Y1 = Tensor.FromArray(new float[] { 0, 1, 0, 0 });
    private static readonly Tensor P1 = Tensor.FromArray(new float[] { -18.6f, 0.51f, 2.94f, -12.8f });
    private static readonly Tensor Y2 = Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } });
    private static readonly Tensor P2 = Tensor.FromArray(new float[,] { { -18.6f, 0.51f }, { 2.94f, -12.8f } });

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new BinaryFocalCrossentropy();
        Assert.That((loss.ApplyClassBalancing, loss.Alpha, loss.Gamma, loss.FromLogits, loss.LabelSmoothing, loss.Axis, loss.Name),
            Is.EqualTo((false, 0.25, 2.0, false, 0.0, -1, "binary_focal_crossentropy")));
    }

    [TestCase(false, 0.691)]
    [TestCase(true, 0.51)]
    public void Compute_KerasDocstringExample1_Matches(bool balancing, double expected)
    {
        var loss = new BinaryFocalCrossentropy(applyClassBalancing: balancing, gamma: 2, fromLogits: true);
        Assert.That(loss.Compute(Y1, P1).Item(), Is.EqualTo(expected).Within(1e-3));
    }

    [Test]
    public void Compute_KerasDocstringExample2_Matches()
    {
        var weights = Tensor.FromArray(new float[] { 0.8f, 0.2f });
        Assert.Multiple(() =>
        {
            Assert.That(new BinaryFocalCrossentropy(gamma: 3, fromLogits: true).Compute(Y2, P2).Item(), Is.EqualTo(0.647).Within(1e-3));
            Assert.That(new BinaryFocalCrossentropy(true, gamma: 3, fromLogits: true).Compute(Y2, P2).Item(), Is.EqualTo(0.482).Within(1e-3));
            Assert.That(new BinaryFocalCrossentropy(gamma: 3, fromLogits: true).Compute(Y2, P2, weights).Item(), Is.EqualTo(0.133).Within(1e-3));
            Assert.That(new BinaryFocalCrossentropy(true, gamma: 3, fromLogits: true).Compute(Y2, P2, weights).Item(), Is.EqualTo(0.097).Within(1e-3));
            Assert.That(new BinaryFocalCrossentropy(gamma: 4, fromLogits: true, reduction: "sum").Compute(Y2, P2).Item(), Is.EqualTo(1.222).Within(1e-3));
            Assert.That(new BinaryFocalCrossentropy(true, gamma: 4, fromLogits: true, reduction: "sum").Compute(Y2, P2).Item(), Is.EqualTo(0.914).Within(1e-3));
            TensorAssert.AllClose(new BinaryFocalCrossentropy(gamma: 5, fromLogits: true, reduction: "none").Compute(Y2, P2), [0.0017f, 1.1561f], rtol: 0, atol: 1e-4);
            TensorAssert.AllClose(new BinaryFocalCrossentropy(true, gamma: 5, fromLogits: true, reduction: "none").Compute(Y2, P2), [0.0004f, 0.8670f], rtol: 0, atol: 1e-4);
        });
    }

    [Test]
    public void Call_KerasFunctionDocstring_Matches()
    {
        // keras.losses.binary_focal_crossentropy docstring: [0.330, 0.206]
        var values = new BinaryFocalCrossentropy(gamma: 2).Call(Y2, Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));
        TensorAssert.AllClose(values, [0.330f, 0.206f], rtol: 0, atol: 1e-3);
    }

    [Test]
    public void Call_GammaZero_IsBinaryCrossentropy()
    {
        var p = Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 1f } });
        TensorAssert.AllClose(new BinaryFocalCrossentropy(gamma: 0).Call(Y2, p), new BinaryCrossentropy().Call(Y2, p));
    }

    [Test]
    public void Call_LabelSmoothing_SqueezesLabelsTowardsHalf()
    {
        var p = Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
        var smoothed = Tensor.FromArray(new float[,] { { 0.1f, 0.9f }, { 0.1f, 0.1f } });
        TensorAssert.AllClose(new BinaryFocalCrossentropy(labelSmoothing: 0.2).Call(Y2, p), new BinaryFocalCrossentropy().Call(smoothed, p));
    }

    [Test]
    public void Constructor_LabelSmoothingOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BinaryFocalCrossentropy(labelSmoothing: 1.5));
}

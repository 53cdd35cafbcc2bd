using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class CategoricalFocalCrossentropyTests
{
    // keras.losses.CategoricalFocalCrossentropy docstring data
    private static readonly Tensor Y = Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } });
    private static readonly Tensor P = Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new CategoricalFocalCrossentropy();
        Assert.That((loss.Alpha, loss.Gamma, loss.FromLogits, loss.LabelSmoothing, loss.Axis, loss.Name),
            Is.EqualTo((0.25, 2.0, false, 0.0, -1, "categorical_focal_crossentropy")));
    }

    [Test]
    public void Compute_KerasDocstring_Matches()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new CategoricalFocalCrossentropy().Compute(Y, P).Item(), Is.EqualTo(0.23315276).Within(1e-6));
            Assert.That(new CategoricalFocalCrossentropy().Compute(Y, P, Tensor.FromArray(new float[] { 0.3f, 0.7f })).Item(), Is.EqualTo(0.1632).Within(1e-4));
            Assert.That(new CategoricalFocalCrossentropy(reduction: "sum").Compute(Y, P).Item(), Is.EqualTo(0.46631).Within(1e-5));
            TensorAssert.AllClose(new CategoricalFocalCrossentropy(reduction: "none").Compute(Y, P), [3.2058331e-05f, 4.6627346e-01f], rtol: 1e-4);
        });
    }

    [Test]
    public void Call_KerasFunctionDocstring_Matches()
    {
        var values = new CategoricalFocalCrossentropy().Call(Y, Tensor.FromArray(new float[,] { { 0.05f, 0.9f, 0.05f }, { 0.1f, 0.85f, 0.05f } }));
        TensorAssert.AllClose(values, [2.63401289e-04f, 6.75912094e-01f], rtol: 1e-4);
    }

    [Test]
    public void Call_FromLogits_IsTheLossOfTheSoftmax()
    {
        var logits = Tensor.FromArray(new float[,] { { 0.3f, -0.4f, 1.1f }, { -1.2f, 0.2f, 0.7f } });
        TensorAssert.AllClose(new CategoricalFocalCrossentropy(fromLogits: true).Call(Y, logits), new CategoricalFocalCrossentropy().Call(Y, Ops.Softmax(logits)));
    }

    [Test]
    public void Call_GammaZeroAlphaOne_IsCategoricalCrossentropy()
    {
        TensorAssert.AllClose(new CategoricalFocalCrossentropy(alpha: 1, gamma: 0).Call(Y, P), new CategoricalCrossentropy().Call(Y, P));
    }

    [Test]
    public void Call_LabelSmoothing_UsesTheNumberOfClasses()
    {
        var smoothed = Tensor.FromArray(new float[,] { { 0.1f, 0.8f, 0.1f }, { 0.1f, 0.1f, 0.8f } });
        TensorAssert.AllClose(new CategoricalFocalCrossentropy(labelSmoothing: 0.3).Call(Y, P), new CategoricalFocalCrossentropy().Call(smoothed, P));
    }
}

using KerasSharp.Engine;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Regularizers;

public class L1L2Tests
{
    private static readonly float[] s_w = [1f, -2f, 0.5f, 0f];

    [Test]
    public void Call_BothFactors_IsSumOfPenalties()
    {
        // 0.01·(1 + 2 + 0.5) + 0.02·(1 + 4 + 0.25)
        var penalty = new L1L2(0.01f, 0.02f).Call(Tensor.FromArray(s_w));
        Assert.That(penalty.Item(), Is.EqualTo(0.01 * 3.5 + 0.02 * 5.25).Within(1e-6));
    }

    [Test]
    public void Call_Defaults_IsZeroScalar()
    {
        var penalty = new L1L2().Call(Tensor.FromArray(s_w));
        Assert.That((penalty.Rank, penalty.Item()), Is.EqualTo((0, 0f)));
    }

    [Test]
    public void Call_OnlyL2_EqualsL2() =>
        Assert.That(new L1L2(l2: 0.1f).Call(Tensor.FromArray(s_w)).Item(), Is.EqualTo(new L2(0.1f).Call(Tensor.FromArray(s_w)).Item()));

    [Test]
    public void Gradient_IsL1SignPlusTwoL2W()
    {
        var w = new Variable(Tensor.FromArray(s_w), "w");
        using var tape = GradientTape.Record();
        var grads = tape.Gradient(new L1L2(0.01f, 0.02f).Call(w), [w]);
        var expected = s_w.Select(x => (float)(0.01 * Math.Sign(x) + 2 * 0.02 * x)).ToArray();
        Assert.That(grads[0].ToArray(), Is.EqualTo(expected).Within(1e-7f));
    }

    [Test]
    public void Gradient_MatchesFiniteDifferences() =>
        GradientChecker.Check(xs => new L1L2(0.3f, 0.2f).Call(xs[0]), [Tensor.FromArray(new float[,] { { 0.5f, -0.8f }, { 1.2f, -0.3f } })]);

    [Test]
    public void GetConfig_Defaults_MatchKeras() =>
        Assert.That(new L1L2().GetConfig().ToJsonString(), Is.EqualTo("""{"l1":0,"l2":0}"""));

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var l2Only = new L1L2(l2: 0.01);
        var both = new L1L2(l1: 1e-5, l2: 1e-4);
        Assert.Multiple(() =>
        {
            Assert.That((l2Only.L1Factor, l2Only.L2Factor), Is.EqualTo((0.0, 0.01)));
            Assert.That((both.L1Factor, both.L2Factor), Is.EqualTo((1e-5, 1e-4)));
            Assert.That((double)both.GetConfig()["l1"]!, Is.EqualTo(1e-5));
            Assert.That(l2Only.GetConfig()["l2"]!.ToJsonString(), Is.EqualTo("0.01"));
        });
    }
}

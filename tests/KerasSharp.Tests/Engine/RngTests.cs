using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class RngTests
{
    [Test]
    public void SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        var c = new Rng(43);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt()).ToArray();
        var sb = Enumerable.Range(0, 100).Select(_ => b.NextUInt()).ToArray();
        var sc = Enumerable.Range(0, 100).Select(_ => c.NextUInt()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sb, Is.EqualTo(sa));
            Assert.That(sc, Is.Not.EqualTo(sa));
        });
    }

    [Test]
    public void Uniform_StaysInRange_AndHasTheRightMean()
    {
        var rng = new Rng(1);
        var values = Enumerable.Range(0, 20000).Select(_ => rng.Uniform(-2f, 3f)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(values.Min(), Is.GreaterThanOrEqualTo(-2f));
            Assert.That(values.Max(), Is.LessThan(3f));
            Assert.That(values.Average(), Is.EqualTo(0.5).Within(0.05));
        });
    }

    [Test]
    public void NextDouble_InUnitInterval()
    {
        var rng = new Rng(2);
        var values = Enumerable.Range(0, 10000).Select(_ => rng.NextDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(values.Min(), Is.GreaterThanOrEqualTo(0.0));
            Assert.That(values.Max(), Is.LessThan(1.0));
        });
    }

    [Test]
    public void NextInt_CoversEveryValueInRange()
    {
        var rng = new Rng(3);
        var counts = new int[7];
        for (int i = 0; i < 7000; i++)
        {
            counts[rng.NextInt(7)]++;
        }
        Assert.That(counts, Is.All.InRange(850, 1150));
    }

    [Test]
    public void Normal_HasRequestedMeanAndStddev()
    {
        var rng = new Rng(4);
        var values = Enumerable.Range(0, 40000).Select(_ => (double)rng.Normal(1f, 2f)).ToArray();
        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(1.0).Within(0.05));
            Assert.That(std, Is.EqualTo(2.0).Within(0.05));
        });
    }

    [Test]
    public void TruncatedNormal_WithinTwoStddevs()
    {
        var rng = new Rng(5);
        var values = Enumerable.Range(0, 10000).Select(_ => rng.TruncatedNormal(0.5f, 0.1f)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(values, Is.All.InRange(0.3f, 0.7f));
            Assert.That(values.Average(), Is.EqualTo(0.5).Within(0.01));
        });
    }

    [Test]
    public void Shuffle_IsAPermutation_AndSeeded()
    {
        var a = Enumerable.Range(0, 50).ToArray();
        var b = Enumerable.Range(0, 50).ToArray();
        new Rng(6).Shuffle(a);
        new Rng(6).Shuffle(b);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EquivalentTo(Enumerable.Range(0, 50)));
            Assert.That(a, Is.Not.EqualTo(Enumerable.Range(0, 50)));
            Assert.That(b, Is.EqualTo(a));
        });
    }

    [Test]
    public void KerasSetRandomSeed_MakesTheSessionGeneratorReproducible()
    {
        Keras.SetRandomSeed(123);
        var first = Enumerable.Range(0, 5).Select(_ => Keras.Random.NextUInt()).ToArray();
        Keras.SetRandomSeed(123);
        var second = Enumerable.Range(0, 5).Select(_ => Keras.Random.NextUInt()).ToArray();
        Assert.That(second, Is.EqualTo(first));
    }
}

using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class SeedGeneratorTests
{
    private static double[] Draw(SeedGenerator generator, int count) =>
        Enumerable.Range(0, count).Select(_ => generator.NextDouble()).ToArray();

    [Test]
    public void NextDouble_SameSeed_SameSequence()
    {
        var a = Draw(new SeedGenerator(42), 20);
        Assert.Multiple(() =>
        {
            Assert.That(Draw(new SeedGenerator(42), 20), Is.EqualTo(a));
            Assert.That(Draw(new SeedGenerator(43), 20), Is.Not.EqualTo(a));
            Assert.That(a, Has.All.InRange(0.0, 1.0).And.All.Not.EqualTo(1.0));
            Assert.That(a.Distinct().Count(), Is.EqualTo(a.Length), "each draw advances the generator");
        });
    }

    [Test]
    public void NextDouble_IntegerSeed_MatchesRngOfThatSeed()
    {
        // layers seeded with an integer keep the streams they had before they owned a SeedGenerator
        var rng = new Rng(7);
        var expected = Enumerable.Range(0, 10).Select(_ => rng.NextDouble()).ToArray();
        Assert.That(Draw(new SeedGenerator(7), 10), Is.EqualTo(expected));
    }

    [Test]
    public void Draws_OfOneGenerator_DoNotMoveAnother()
    {
        var alone = Draw(new SeedGenerator(5), 10);
        var a = new SeedGenerator(5);
        var b = new SeedGenerator(6);
        var interleaved = new double[10];
        for (int i = 0; i < interleaved.Length; i++)
        {
            b.NextDouble();
            b.Shuffle(new int[] { 1, 2, 3 });
            b.NextRng();
            interleaved[i] = a.NextDouble();
        }
        Assert.That(interleaved, Is.EqualTo(alone));
    }

    [Test]
    public void Unseeded_DrawsItsSeedAtConstruction_ReproducibleWithKerasSetRandomSeed()
    {
        Keras.SetRandomSeed(99);
        var first = new SeedGenerator();
        var second = new SeedGenerator();
        // draws from other generators (and the global stream) after construction change nothing
        var a1 = Draw(first, 10);
        _ = Keras.Random.NextUInt();
        var a2 = Draw(second, 10);

        Keras.SetRandomSeed(99);
        var again1 = new SeedGenerator();
        var again2 = new SeedGenerator();
        Assert.Multiple(() =>
        {
            Assert.That(Draw(again2, 10), Is.EqualTo(a2));
            Assert.That(Draw(again1, 10), Is.EqualTo(a1));
            Assert.That(a2, Is.Not.EqualTo(a1), "two unseeded generators get different seeds");
            Assert.That(first.Seed, Is.Null);
        });
    }

    [Test]
    public void Shuffle_SameSeed_SamePermutationEachTimeAdvancing()
    {
        int[] Order(SeedGenerator g)
        {
            var values = Enumerable.Range(0, 30).ToArray();
            g.Shuffle(values);
            return values;
        }
        var g1 = new SeedGenerator(3);
        var g2 = new SeedGenerator(3);
        var first = Order(g1);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EquivalentTo(Enumerable.Range(0, 30)));
            Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 30)));
            Assert.That(Order(g2), Is.EqualTo(first));
            Assert.That(Order(g1), Is.Not.EqualTo(first), "the next shuffle differs");
        });
    }

    [Test]
    public void NextRng_GivesANewGeneratorPerCall_ReproducibleFromTheSeed()
    {
        uint[] Take(Rng rng) => Enumerable.Range(0, 5).Select(_ => rng.NextUInt()).ToArray();
        var g = new SeedGenerator(11);
        var first = Take(g.NextRng());
        var second = Take(g.NextRng());
        var h = new SeedGenerator(11);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(Take(h.NextRng()), Is.EqualTo(first));
            Assert.That(Take(h.NextRng()), Is.EqualTo(second));
        });
    }

    [Test]
    public void MakeDefaultSeed_FromManyThreads_DrawsTheSequentialSeedsWithoutLosingAny()
    {
        const int count = 4000;
        Keras.SetRandomSeed(2024);
        var sequential = Enumerable.Range(0, count).Select(_ => SeedGenerator.MakeDefaultSeed()).ToArray();
        Keras.SetRandomSeed(2024);
        var concurrent = new int[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = SeedGenerator.MakeDefaultSeed());
        Assert.Multiple(() =>
        {
            Assert.That(concurrent, Is.EquivalentTo(sequential));
            Assert.That(sequential, Has.All.InRange(1, 1_000_000_000));
        });
    }

    [Test]
    public void GetConfig_KeepsTheSeedGiven()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new SeedGenerator(5).GetConfig().ToJsonString(), Is.EqualTo("""{"seed":5}"""));
            Assert.That(new SeedGenerator().GetConfig().ToJsonString(), Is.EqualTo("""{"seed":null}"""));
        });
    }

    [Test]
    public void FromConfig_KerasConfig_SameStreamAsTheSeed()
    {
        var restored = SeedGenerator.FromConfig(JsonNode.Parse("""{"seed": 1337, "name": "seed_generator_3"}""")!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(restored.Seed, Is.EqualTo(1337));
            Assert.That(Draw(restored, 5), Is.EqualTo(Draw(new SeedGenerator(1337), 5)));
            Assert.That(SeedGenerator.FromConfig([]).Seed, Is.Null);
        });
    }

    [Test]
    public void FromConfig_NonIntegerSeed_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => SeedGenerator.FromConfig(JsonNode.Parse("""{"seed": "abc"}""")!.AsObject()));
        Assert.That(ex!.Message, Does.Contain("Argument `seed` must be an integer. Received: seed=\"abc\""));
    }
}

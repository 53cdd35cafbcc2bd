using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Tests.Initializers;

public class RandomInitializerTests
{
    private static readonly Shape s_shape = new(6, 5);

    /// <summary>Each random initializer, made unseeded and made with a SeedGenerator.</summary>
    private static IEnumerable<TestCaseData> Kinds()
    {
        yield return Case("VarianceScaling", () => new VarianceScaling(2f, "fan_out", "uniform"), g => new VarianceScaling(g, 2f, "fan_out", "uniform"));
        yield return Case("GlorotUniform", () => new GlorotUniform(), g => new GlorotUniform(g));
        yield return Case("GlorotNormal", () => new GlorotNormal(), g => new GlorotNormal(g));
        yield return Case("HeNormal", () => new HeNormal(), g => new HeNormal(g));
        yield return Case("HeUniform", () => new HeUniform(), g => new HeUniform(g));
        yield return Case("LecunNormal", () => new LecunNormal(), g => new LecunNormal(g));
        yield return Case("LecunUniform", () => new LecunUniform(), g => new LecunUniform(g));
        yield return Case("RandomNormal", () => new RandomNormal(0.5f, 2f), g => new RandomNormal(g, 0.5f, 2f));
        yield return Case("RandomUniform", () => new RandomUniform(-1f, 3f), g => new RandomUniform(g, -1f, 3f));
        yield return Case("TruncatedNormal", () => new TruncatedNormal(1f, 0.1f), g => new TruncatedNormal(g, 1f, 0.1f));
        yield return Case("Orthogonal", () => new Orthogonal(1.5f), g => new Orthogonal(g, 1.5f));
    }

    private static TestCaseData Case(string name, Func<RandomInitializer> unseeded, Func<SeedGenerator, RandomInitializer> withGenerator) =>
        new TestCaseData(unseeded, withGenerator).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Kinds))]
    public void Call_Unseeded_SameValuesOnEveryCallDifferentFromAnotherInstance(Func<RandomInitializer> unseeded, Func<SeedGenerator, RandomInitializer> withGenerator)
    {
        var init = unseeded();
        var first = init.Call(s_shape).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(init.Call(s_shape).ToArray(), Is.EqualTo(first), "Keras 3: an unseeded initializer repeats its values");
            Assert.That(unseeded().Call(s_shape).ToArray(), Is.Not.EqualTo(first), "a second instance draws another seed");
            Assert.That(init.Seed, Is.Null);
            Assert.That(init.GetConfig()["seed"], Is.Null, "the config keeps the seed as given");
        });
    }

    [TestCaseSource(nameof(Kinds))]
    public void Call_Unseeded_SeedDrawnAtConstructionNotAtCall(Func<RandomInitializer> unseeded, Func<SeedGenerator, RandomInitializer> withGenerator)
    {
        Keras.SetRandomSeed(31);
        var init = unseeded();
        var expected = init.Call(s_shape).ToArray();

        Keras.SetRandomSeed(31);
        var again = unseeded();
        _ = new GlorotUniform();      // draws from the global stream between construction and the call
        _ = Keras.Random.NextUInt();
        Assert.That(again.Call(s_shape).ToArray(), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Call_SeedGenerator_NewValuesOnEveryCallReproducibleFromItsSeed(Func<RandomInitializer> unseeded, Func<SeedGenerator, RandomInitializer> withGenerator)
    {
        var init = withGenerator(new SeedGenerator(8));
        var first = init.Call(s_shape).ToArray();
        var second = init.Call(s_shape).ToArray();
        var other = withGenerator(new SeedGenerator(8));
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(other.Call(s_shape).ToArray(), Is.EqualTo(first));
            Assert.That(other.Call(s_shape).ToArray(), Is.EqualTo(second));
            Assert.That(init.Seed, Is.Null);
            Assert.That(init.SeedGenerator, Is.Not.Null);
        });
    }

    [TestCaseSource(nameof(Kinds))]
    public void Deserialize_SerializedWithSeedGenerator_RoundTripsConfigAndValues(Func<RandomInitializer> unseeded, Func<SeedGenerator, RandomInitializer> withGenerator)
    {
        var init = withGenerator(new SeedGenerator(21));
        var json = JsonNode.Parse(Initializer.Serialize(init).ToJsonString())!;
        var copy = (RandomInitializer)Initializer.Deserialize(json);
        Assert.Multiple(() =>
        {
            Assert.That(copy, Is.TypeOf(init.GetType()));
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(init.GetConfig().ToJsonString()));
            Assert.That(copy.SeedGenerator!.Seed, Is.EqualTo(21));
            Assert.That(copy.Call(s_shape).ToArray(), Is.EqualTo(init.Call(s_shape).ToArray()));
        });
    }

    [Test]
    public void GetConfig_SeedGenerator_IsKerasSerializedForm()
    {
        // keras.initializers.GlorotUniform(seed=keras.random.SeedGenerator(3)).get_config() (Keras also writes the name)
        var expected = JsonNode.Parse("""{"seed": {"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed": 3}, "registered_name": null}}""");
        Assert.That(JsonNode.DeepEquals(new GlorotUniform(new SeedGenerator(3)).GetConfig(), expected), Is.True);
    }

    [Test]
    public void Deserialize_KerasSeedGeneratorConfig_UsesItsSeed()
    {
        var keras = JsonNode.Parse("""
            {"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed":
              {"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed": 4, "name": "seed_generator"}, "registered_name": null}},
             "registered_name": null}
            """)!;
        var init = (HeNormal)Initializer.Deserialize(keras);
        Assert.That(init.Call(s_shape).ToArray(), Is.EqualTo(new HeNormal(new SeedGenerator(4)).Call(s_shape).ToArray()));
    }

    [Test]
    public void Deserialize_SeedOfAnotherClass_ThrowsKerasMessage()
    {
        var json = JsonNode.Parse("""{"class_name": "GlorotUniform", "config": {"seed": {"class_name": "Zeros", "config": {}}}}""")!;
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Deserialize(json));
        Assert.That(ex!.Message, Does.Contain("`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer"));
    }

    [Test]
    public void Constructor_NullSeedGenerator_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new GlorotUniform((SeedGenerator)null!));
}

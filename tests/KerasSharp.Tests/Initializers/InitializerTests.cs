using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Tests.Initializers;

public class InitializerTests
{
    [TestCase(new int[0], 1, 1)]
    [TestCase(new[] { 5 }, 5, 5)]
    [TestCase(new[] { 3, 4 }, 3, 4)]
    [TestCase(new[] { 4, 2, 6 }, 8, 24)]             // Conv1D (k, in, out): receptive field 4
    [TestCase(new[] { 3, 3, 2, 8 }, 18, 72)]         // Conv2D (kh, kw, in, out): receptive field 9
    [TestCase(new[] { 2, 3, 3, 4, 5 }, 72, 90)]      // Conv3D: receptive field 18
    public void ComputeFans_KerasRules(int[] dims, int fanIn, int fanOut) =>
        Assert.That(Initializer.ComputeFans(new Shape(dims)), Is.EqualTo((fanIn, fanOut)));

    [TestCase("glorot_uniform", typeof(GlorotUniform))]
    [TestCase("GlorotUniform", typeof(GlorotUniform))]
    [TestCase("glorot_normal", typeof(GlorotNormal))]
    [TestCase("he_normal", typeof(HeNormal))]
    [TestCase("he_uniform", typeof(HeUniform))]
    [TestCase("lecun_normal", typeof(LecunNormal))]
    [TestCase("lecun_uniform", typeof(LecunUniform))]
    [TestCase("random_normal", typeof(RandomNormal))]
    [TestCase("normal", typeof(RandomNormal))]
    [TestCase("random_uniform", typeof(RandomUniform))]
    [TestCase("uniform", typeof(RandomUniform))]
    [TestCase("truncated_normal", typeof(TruncatedNormal))]
    [TestCase("variance_scaling", typeof(VarianceScaling))]
    [TestCase("zeros", typeof(Zeros))]
    [TestCase("zero", typeof(Zeros))]
    [TestCase("ones", typeof(Ones))]
    [TestCase("one", typeof(Ones))]
    [TestCase("constant", typeof(Constant))]
    [TestCase("identity", typeof(Identity))]
    [TestCase("orthogonal", typeof(Orthogonal))]
    [TestCase("Orthogonal", typeof(Orthogonal))]
    public void Get_KerasId_ReturnsInitializer(string id, Type type)
    {
        Assert.That(Initializer.Get(id), Is.TypeOf(type));
        Initializer converted = id;
        Assert.That(converted, Is.TypeOf(type));
    }

    [Test]
    public void Get_UnknownId_ThrowsListingValidIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Get("glorot"));
        Assert.That(ex!.Message, Does.Contain("'glorot'").And.Contain("'glorot_uniform'").And.Contain("'he_normal'"));
    }

    [Test]
    public void Get_IsCaseSensitiveLikeKeras() =>
        Assert.Throws<ArgumentException>(() => Initializer.Get("Glorot_Uniform"));

    [Test]
    public void Serialize_GlorotUniform_IsKerasForm()
    {
        // keras.initializers.serialize(keras.initializers.GlorotUniform())
        var keras = JsonNode.Parse("""{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}""");
        Assert.That(JsonNode.DeepEquals(Initializer.Serialize(new GlorotUniform()), keras), Is.True);
    }

    private static IEnumerable<Initializer> AllInitializers()
    {
        yield return new VarianceScaling(2f, "fan_out", "uniform", 3);
        yield return new GlorotUniform(1);
        yield return new GlorotNormal(2);
        yield return new HeNormal(3);
        yield return new HeUniform(4);
        yield return new LecunNormal(5);
        yield return new LecunUniform(6);
        yield return new RandomNormal(0.5f, 2f, 7);
        yield return new RandomUniform(-1f, 3f, 8);
        yield return new TruncatedNormal(1f, 0.1f, 9);
        yield return new Constant(0.3f);
        yield return new Zeros();
        yield return new Ones();
        yield return new Identity(2f);
        yield return new Orthogonal(1.5f, 10);
    }

    [TestCaseSource(nameof(AllInitializers))]
    public void Deserialize_Serialize_RoundTripsConfigAndValues(Initializer init)
    {
        var json = JsonNode.Parse(Initializer.Serialize(init).ToJsonString())!;
        var copy = Initializer.Deserialize(json);
        Assert.That(copy, Is.TypeOf(init.GetType()));
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(init.GetConfig().ToJsonString()));
        var shape = new Shape(4, 4);
        Assert.That(copy.Call(shape).ToArray(), Is.EqualTo(init.Call(shape).ToArray()), "seeded or constant: identical values");
    }

    [Test]
    public void Deserialize_String_UsesGet() =>
        Assert.That(Initializer.Deserialize(JsonValue.Create("he_uniform")), Is.TypeOf<HeUniform>());

    [Test]
    public void Call_UnknownDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => new GlorotUniform().Call(new Shape(-1, 3)));

    [Test]
    public void ConstantInitializers_FillValues()
    {
        var shape = new Shape(2, 3);
        Assert.That(new Zeros().Call(shape).ToArray(), Is.All.EqualTo(0f));
        Assert.That(new Ones().Call(shape).ToArray(), Is.All.EqualTo(1f));
        Assert.That(new Constant(2.5f).Call(shape).ToArray(), Is.All.EqualTo(2.5f));
        Assert.That(new Constant().Call(shape).ToArray(), Is.All.EqualTo(0f));
        Assert.That(new Constant(2.5f).GetConfig().ToJsonString(), Is.EqualTo("""{"value":2.5}"""));
        Assert.That(new Zeros().GetConfig().ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public void Identity_Rectangular_HasGainOnTheDiagonal()
    {
        var t = new Identity(3f).Call(new Shape(2, 3));
        Assert.That(t.ToArray(), Is.EqualTo(new[] { 3f, 0f, 0f, 0f, 3f, 0f }));
        Assert.Throws<ArgumentException>(() => new Identity().Call(new Shape(2, 2, 2)));
    }

    [TestCase(6, 4)]
    [TestCase(4, 6)]
    [TestCase(5, 5)]
    public void Orthogonal_Matrix_IsOrthonormalAlongTheShortSide(int rows, int cols)
    {
        var q = new Orthogonal(gain: 2f, seed: 11).Call(new Shape(rows, cols)).ToArray();
        bool byColumns = rows >= cols;
        int count = Math.Min(rows, cols), length = Math.Max(rows, cols);
        Assert.Multiple(() =>
        {
            for (int a = 0; a < count; a++)
            {
                for (int b = 0; b < count; b++)
                {
                    double dot = 0;
                    for (int k = 0; k < length; k++)
                    {
                        double x = byColumns ? q[k * cols + a] : q[a * cols + k];
                        double y = byColumns ? q[k * cols + b] : q[b * cols + k];
                        dot += x * y;
                    }
                    Assert.That(dot, Is.EqualTo(a == b ? 4.0 : 0.0).Within(1e-5), $"({a}, {b})");
                }
            }
        });
    }

    [Test]
    public void Orthogonal_ConvKernel_FlattensLeadingAxes()
    {
        var q = new Orthogonal(seed: 1).Call(new Shape(3, 3, 4, 8)).ToArray();   // a 36 × 8 matrix
        for (int a = 0; a < 8; a++)
        {
            double norm = 0;
            for (int r = 0; r < 36; r++)
            {
                norm += q[r * 8 + a] * q[r * 8 + a];
            }
            Assert.That(norm, Is.EqualTo(1.0).Within(1e-5));
        }
        Assert.Throws<ArgumentException>(() => new Orthogonal().Call(new Shape(5)));
    }

    [Test]
    public void ComputeFans_BeyondInt_ThrowsArgumentExceptionNamingTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.ComputeFans(new Shape(1 << 16, 1 << 16, 1 << 16, 3)));
        Assert.That(ex!.Message, Does.Contain("(65536, 65536, 65536, 3)").And.Contain("fan_in=281474976710656"));
    }
}

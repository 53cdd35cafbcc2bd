using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// The dot product of the samples of two inputs along one axis of each, Keras' <c>layers.Dot</c> (its
/// <c>batch_dot</c>): for every sample <c>b</c>, <c>tensordot(x[b], y[b])</c> over the axes <see cref="Axes"/>. With
/// <see cref="Normalize"/> both are first L2-normalized along those axes, which makes the result the cosine
/// similarity.
/// </summary>
/// <remarks>
/// Output shape: <c>x</c>'s shape without its dot axis, then <c>y</c>'s without its batch and dot axes; <c>(batch, 1)</c>
/// when nothing else is left. E.g. <c>(b, 3, 5)</c> and <c>(b, 10, 3)</c> with <c>axes: (1, 2)</c> give <c>(b, 5, 10)</c>.
/// The axes count the batch axis as 0 and cannot be it; negative axes count from the end of each input.
/// </remarks>
/// <example>
/// <code>
/// var a = Keras.Input(shape: [8]);
/// var b = Keras.Input(shape: [8]);
/// var cosine = new Dot(axes: 1, normalize: true).Apply([a, b]);   // (None, 1)
/// var x = Tensor.FromArray(new float[2 * 3 * 5], 2, 3, 5);
/// var y = Tensor.FromArray(new float[2 * 10 * 3], 2, 10, 3);
/// var z = new Dot(axes: (1, 2)).Apply([x, y]);                    // (2, 5, 10)
/// </code>
/// </example>
public sealed class Dot : Merge
{
    private readonly bool _pair;

    /// <summary>Creates the layer with the same axis for both inputs.</summary>
    /// <param name="axes">The dot axis of both inputs (negative counts from the end of each).</param>
    /// <param name="normalize">L2-normalize both inputs along their dot axes first (cosine similarity).</param>
    /// <param name="name">The layer name (default <c>dot</c>, <c>dot_1</c>, …).</param>
    public Dot(int axes, bool normalize = false, string? name = null)
        : base(name)
    {
        Axes = (axes, axes);
        Normalize = normalize;
    }

    /// <summary>Creates the layer with one axis per input.</summary>
    /// <param name="axes">The dot axis of the first and of the second input.</param>
    /// <param name="normalize">L2-normalize both inputs along their dot axes first (cosine similarity).</param>
    /// <param name="name">The layer name (default <c>dot</c>, <c>dot_1</c>, …).</param>
    public Dot((int First, int Second) axes, bool normalize = false, string? name = null)
        : base(name)
    {
        Axes = axes;
        Normalize = normalize;
        _pair = true;
    }

    /// <summary>Creates the layer from Keras' list form, <c>[first, second]</c>.</summary>
    /// <param name="axes">Exactly two axes: the first input's and the second's.</param>
    /// <param name="normalize">L2-normalize both inputs along their dot axes first (cosine similarity).</param>
    /// <param name="name">The layer name (default <c>dot</c>, <c>dot_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="axes"/> does not hold two values.</exception>
    public Dot(int[] axes, bool normalize = false, string? name = null)
        : this(Pair(axes), normalize, name)
    {
    }

    /// <summary>The dot axes of the first and the second input, as given (an int is used for both).</summary>
    public (int First, int Second) Axes { get; }

    /// <summary>Whether the inputs are L2-normalized along the dot axes first.</summary>
    public bool Normalize { get; }

    private static (int, int) Pair(int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        return axes.Length == 2
            ? (axes[0], axes[1])
            : throw new ArgumentException($"Invalid format for argument `axes`: it should contain two elements. Received: axes=[{string.Join(", ", axes)}]", nameof(axes));
    }

    internal override bool AcceptsInputCount(int count) => count == 2;

    private protected override string InputCountMessage(IReadOnlyList<Shape> shapes) =>
        $"A `Dot` layer should be called on a list of 2 inputs. Received: input_shape={Format(shapes)}";

    private protected override void Validate(IReadOnlyList<Shape> shapes)
    {
        Shape x = shapes[0], y = shapes[1];
        if (x.Rank < 2 || y.Rank < 2)
        {
            throw Error($"Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes {x} and {y}.");
        }
        if (x[0] != -1 && y[0] != -1 && x[0] != y[0])
        {
            throw Error($"Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes {x} and {y}.");
        }
        var (a0, a1) = ResolveAxes(x, y);
        if (a0 == 0 || a1 == 0)
        {
            throw Error("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs (e.g. with Ops.Reshape).");
        }
        if (x[a0] != -1 && y[a1] != -1 && x[a0] != y[a1])
        {
            throw Error($"Incompatible input shapes: axis values {x[a0]} (at axis {a0}) != {y[a1]} (at axis {a1}). Full input shapes: {x}, {y}");
        }
    }

    private protected override Shape OutputShapeOf(IReadOnlyList<Shape> shapes)
    {
        Validate(shapes);
        var (a0, a1) = ResolveAxes(shapes[0], shapes[1]);
        return ResultShape(shapes[0], shapes[1], a0, a1);
    }

    /// <summary>The dot axes for inputs of these shapes, non-negative.</summary>
    private (int, int) ResolveAxes(Shape x, Shape y)
    {
        int a0 = Axes.First < 0 ? Axes.First + x.Rank : Axes.First;
        int a1 = Axes.Second < 0 ? Axes.Second + y.Rank : Axes.Second;
        return a0 >= 0 && a0 < x.Rank && a1 >= 0 && a1 < y.Rank
            ? (a0, a1)
            : throw Error($"Invalid axes=({Axes.First}, {Axes.Second}) for inputs with shapes {x} and {y}: each axis must be an axis of its input.");
    }

    /// <summary><c>x</c> without <paramref name="a0"/>, then <c>y</c> without its batch axis and <paramref name="a1"/>; at least rank 2.</summary>
    private static Shape ResultShape(Shape x, Shape y, int a0, int a1)
    {
        Span<int> dims = stackalloc int[Math.Max(x.Rank + y.Rank - 3, 2)];
        int r = 0;
        for (int i = 0; i < x.Rank; i++)
        {
            if (i != a0)
            {
                dims[r++] = x[i];
            }
        }
        for (int i = 1; i < y.Rank; i++)
        {
            if (i != a1)
            {
                dims[r++] = y[i];
            }
        }
        if (r == 1)
        {
            dims[r++] = 1;
        }
        return new Shape(dims[..r]);
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        Tensor x = inputs[0], y = inputs[1];
        var (a0, a1) = ResolveAxes(x.Shape, y.Shape);
        if (Normalize)
        {
            x = Ops.L2Normalize(x, a0, Keras.Epsilon);
            y = Ops.L2Normalize(y, a1, Keras.Epsilon);
        }
        return BatchDot(x, y, a0, a1);
    }

    /// <summary>
    /// Keras' <c>batch_dot</c> as one batched matrix product: <c>x</c> viewed as <c>(batch, m, k)</c> and <c>y</c> as
    /// <c>(batch, k, n)</c>, where a reshape or the product's transpose flags do it, else after moving the dot axis
    /// (a transpose copy, only when axes lie on both sides of it).
    /// </summary>
    private static Tensor BatchDot(Tensor x, Tensor y, int a0, int a1)
    {
        int k = x.Shape[a0];
        int p = Product(x.Shape, 1, a0), q = Product(x.Shape, a0 + 1, x.Rank);
        int r = Product(y.Shape, 1, a1), s = Product(y.Shape, a1 + 1, y.Rank);
        int bx = x.Shape[0], by = y.Shape[0];
        bool transposeX = q > 1 && p == 1;
        var left = q == 1 ? Ops.Reshape(x, new Shape(bx, p, k))
            : transposeX ? Ops.Reshape(x, new Shape(bx, k, q))
            : Ops.Reshape(Ops.Transpose(x, MoveAxis(x.Rank, a0, x.Rank - 1)), new Shape(bx, p * q, k));
        bool transposeY = r > 1 && s == 1;
        var right = r == 1 ? Ops.Reshape(y, new Shape(by, k, s))
            : transposeY ? Ops.Reshape(y, new Shape(by, r, y.Shape[a1]))
            : Ops.Reshape(Ops.Transpose(y, MoveAxis(y.Rank, a1, 1)), new Shape(by, y.Shape[a1], r * s));
        var product = Ops.BatchMatMul(left, right, transposeX, transposeY);
        return Ops.Reshape(product, ResultShape(x.Shape, y.Shape, a0, a1));
    }

    private static int Product(Shape shape, int from, int to)
    {
        int product = 1;
        for (int i = from; i < to; i++)
        {
            product *= shape[i];
        }
        return product;
    }

    /// <summary>The permutation that moves axis <paramref name="from"/> to position <paramref name="to"/>, keeping the others' order.</summary>
    private static int[] MoveAxis(int rank, int from, int to)
    {
        var others = new List<int>(rank);
        for (int i = 0; i < rank; i++)
        {
            if (i != from)
            {
                others.Add(i);
            }
        }
        others.Insert(to, from);
        return [.. others];
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axes"] = _pair ? new JsonArray(Axes.First, Axes.Second) : JsonValue.Create(Axes.First);
        config["normalize"] = Normalize;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>): <c>axes</c> an int or a list of two.</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="ArgumentException"><c>axes</c> is missing or malformed.</exception>
    public static Dot FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        bool normalize = ConfigValues.GetBool(config, "normalize", false);
        string? name = LayerConfig.Name(config);
        var dot = config["axes"] switch
        {
            JsonArray list => new Dot(LayerConfig.Dims(list) ?? [], normalize, name),
            JsonValue when ConfigValues.IsNumber(config["axes"]) => new Dot(ConfigValues.GetNullableInt(config, "axes")!.Value, normalize, name),
            _ => throw new ArgumentException($"The config of layer Dot needs \"axes\": an integer or a list of two integers. Received: {config.ToJsonString()}"),
        };
        return LayerConfig.Finish(dot, config);
    }
}

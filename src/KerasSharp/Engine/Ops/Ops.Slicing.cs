using System.Buffers;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// The values <c>[start, start + length)</c> along <paramref name="axis"/>, copied (the one-axis form of
    /// <c>keras.ops.slice</c>, i.e. <c>x[..., start:start + length, ...]</c>). Its backward places the gradient in a
    /// zero tensor of <paramref name="x"/>'s shape; to take many pieces of one tensor use <see cref="Split(Tensor, int, int)"/>
    /// or <see cref="Unstack"/>, whose backward costs one pass over <paramref name="x"/> in total.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The sliced axis (negative counts from the end).</param>
    /// <param name="start">First index along the axis.</param>
    /// <param name="length">Number of indices.</param>
    /// <example><code>var gates = Ops.Slice(z, axis: -1, start: units, length: units);   // z[:, units:2*units]</code></example>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, a);
        if (start < 0 || length < 0 || start + length > n)
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Slice [{start}, {start + length}) along axis {axis} is out of range for a tensor of shape {x.Shape} (size {n} on that axis).");
        }
        var y = Tensor.Empty(x.Shape.With(a, length));
        Slicing.CopyRows(x.Span, n, start, outer, length, inner, y.Data, length, 0);
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            var (s, len, o, rows, inn) = node.GetState<(int, int, int, int, int)>();
            var dx = Tensor.Zeros(node.A.Shape);
            Slicing.CopyRows(g.Span, len, 0, o, len, inn, dx.Data, rows, s);
            return [dx];
        }, (start, length, outer, n, inner));
        return y;
    }

    /// <summary>Splits <paramref name="x"/> into <paramref name="sections"/> equal parts along an axis (<c>keras.ops.split(x, sections, axis)</c>).</summary>
    /// <param name="x">The input.</param>
    /// <param name="sections">Number of equal parts; must divide the axis' size.</param>
    /// <param name="axis">The split axis (negative counts from the end).</param>
    /// <example><code>Tensor[] gates = Ops.Split(z, 4, axis: -1);   // (batch, 4·units) → 4 × (batch, units)</code></example>
    public static Tensor[] Split(Tensor x, int sections, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        int n = x.Shape[a];
        if (sections <= 0 || n % sections != 0)
        {
            throw new ArgumentException($"Cannot split axis {axis} of size {n} (shape {x.Shape}) into {sections} equal sections.", nameof(sections));
        }
        var starts = new int[sections];
        var lengths = new int[sections];
        for (int i = 0; i < sections; i++)
        {
            starts[i] = i * (n / sections);
            lengths[i] = n / sections;
        }
        return SplitCore(x, a, starts, lengths, dropAxis: false);
    }

    /// <summary>Splits <paramref name="x"/> before each of the ascending <paramref name="indices"/> along an axis (<c>keras.ops.split(x, [i0, i1, …], axis)</c>).</summary>
    /// <param name="x">The input.</param>
    /// <param name="indices">Ascending split points in <c>[0, size]</c>; <c>k</c> points give <c>k + 1</c> parts.</param>
    /// <param name="axis">The split axis (negative counts from the end).</param>
    public static Tensor[] Split(Tensor x, int[] indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int a = x.Shape.NormalizeAxis(axis);
        int n = x.Shape[a];
        var starts = new int[indices.Length + 1];
        var lengths = new int[indices.Length + 1];
        int previous = 0;
        for (int i = 0; i <= indices.Length; i++)
        {
            int end = i < indices.Length ? indices[i] : n;
            if (end < previous || end > n)
            {
                throw new ArgumentException($"Split indices must be ascending within [0, {n}] for axis {axis} of shape {x.Shape}. Received: [{string.Join(", ", indices)}]", nameof(indices));
            }
            starts[i] = previous;
            lengths[i] = end - previous;
            previous = end;
        }
        return SplitCore(x, a, starts, lengths, dropAxis: false);
    }

    /// <summary>The slices of <paramref name="x"/> along an axis, with that axis removed (<c>keras.ops.unstack(x, axis=axis)</c>).</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The unstacked axis (negative counts from the end).</param>
    /// <example><code>Tensor[] steps = Ops.Unstack(sequences, axis: 1);   // (batch, timesteps, f) → timesteps × (batch, f)</code></example>
    public static Tensor[] Unstack(Tensor x, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        int n = x.Shape[a];
        var starts = new int[n];
        var lengths = new int[n];
        for (int i = 0; i < n; i++)
        {
            starts[i] = i;
            lengths[i] = 1;
        }
        return SplitCore(x, a, starts, lengths, dropAxis: true);
    }

    /// <summary>
    /// The pieces of a split, with a backward that costs one pass over <paramref name="x"/> whatever the number of
    /// pieces: each piece's node records against a scalar "anchor" and writes its gradient into a shared buffer, and
    /// the anchor's node (recorded first, so run last by the reverse pass) hands the whole buffer to <paramref name="x"/>.
    /// </summary>
    private static Tensor[] SplitCore(Tensor x, int axis, int[] starts, int[] lengths, bool dropAxis)
    {
        var (outer, n, inner) = SplitAxis(x.Shape, axis);
        var pieces = new Tensor[starts.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            var dims = new List<int>(x.Shape.Dims.ToArray());
            if (dropAxis)
            {
                dims.RemoveAt(axis);
            }
            else
            {
                dims[axis] = lengths[i];
            }
            pieces[i] = Tensor.Empty(Shape.Wrap([.. dims]));
            Slicing.CopyRows(x.Span, n, starts[i], outer, lengths[i], inner, pieces[i].Data, lengths[i], 0);
        }
        if (!GradientTape.IsRecording)
        {
            return pieces;
        }
        var state = new SplitState(x.Shape, starts, lengths, outer, n, inner);
        var anchor = Tensor.Scalar(0f);
        GradientTape.RecordOp(anchor, x, static (_, node) => [node.GetState<SplitState>().TakeGradient()], state);
        for (int i = 0; i < pieces.Length; i++)
        {
            GradientTape.RecordOp(pieces[i], anchor, static (g, node) =>
            {
                var (split, index) = node.GetState<(SplitState, int)>();
                split.Accumulate(index, g);
                return [Tensor.Scalar(0f)];
            }, (state, i));
        }
        return pieces;
    }

    /// <summary>Joins tensors along an existing axis (<c>keras.ops.concatenate(xs, axis)</c>).</summary>
    /// <param name="xs">Tensors of equal rank whose shapes agree except on <paramref name="axis"/>.</param>
    /// <param name="axis">The joined axis (negative counts from the end).</param>
    /// <example><code>var z = Ops.Concatenate([a, b], axis: -1);   // (2, 3) and (2, 4) → (2, 7)</code></example>
    public static Tensor Concatenate(IReadOnlyList<Tensor> xs, int axis = 0) => Join(xs, axis, stack: false);

    /// <summary>Joins tensors of one shape along a new axis (<c>keras.ops.stack(xs, axis)</c>).</summary>
    /// <param name="xs">Tensors of identical shape.</param>
    /// <param name="axis">Position of the new axis in the output (negative counts from the end).</param>
    /// <example><code>var seq = Ops.Stack(outputs, axis: 1);   // timesteps × (batch, units) → (batch, timesteps, units)</code></example>
    public static Tensor Stack(IReadOnlyList<Tensor> xs, int axis = 0) => Join(xs, axis, stack: true);

    private readonly record struct JoinState(int Axis, bool Stack, int Outer, int Inner, int Total);

    /// <summary>Concatenation or stacking; allocates only the output (and, when recording, nothing once the tape is warm).</summary>
    private static Tensor Join(IReadOnlyList<Tensor> xs, int axis, bool stack)
    {
        ArgumentNullException.ThrowIfNull(xs);
        string op = stack ? "Stack" : "Concatenate";
        if (xs.Count == 0)
        {
            throw new ArgumentException($"{op} needs at least one tensor, but received an empty list.", nameof(xs));
        }
        var first = xs[0] ?? throw new ArgumentNullException(nameof(xs), $"{op} received a null tensor at index 0.");
        int a = stack ? first.Shape.Append(1).NormalizeAxis(axis) : first.Shape.NormalizeAxis(axis);
        int total = 0;
        for (int i = 0; i < xs.Count; i++)
        {
            var t = xs[i] ?? throw new ArgumentNullException(nameof(xs), $"{op} received a null tensor at index {i}.");
            CheckJoinable(first.Shape, t.Shape, stack ? -1 : a, i, op);
            total += stack ? 1 : t.Shape[a];
        }
        int rank = first.Rank + (stack ? 1 : 0);
        Span<int> dims = stackalloc int[rank];
        for (int d = 0, s = 0; d < rank; d++)
        {
            dims[d] = d == a ? total : first.Shape[s];
            s += d == a && stack ? 0 : 1;
        }
        var outShape = Shape.Of(dims);
        var (outer, _, inner) = SplitAxis(outShape, a);
        var y = Tensor.Empty(outShape);
        for (int i = 0, start = 0; i < xs.Count; i++)
        {
            int length = stack ? 1 : xs[i].Shape[a];
            Slicing.CopyRows(xs[i].Span, length, 0, outer, length, inner, y.Data, total, start);
            start += length;
        }
        if (GradientTape.IsRecording)
        {
            var inputs = ArrayPool<Tensor>.Shared.Rent(xs.Count);
            try
            {
                for (int i = 0; i < xs.Count; i++)
                {
                    inputs[i] = xs[i];
                }
                GradientTape.RecordOp(y, inputs.AsSpan(0, xs.Count), static (g, node) => JoinBackward(g, node), new JoinState(a, stack, outer, inner, total));
            }
            finally
            {
                Array.Clear(inputs, 0, xs.Count);
                ArrayPool<Tensor>.Shared.Return(inputs);
            }
        }
        return y;
    }

    /// <summary>Each joined input's block of the output gradient.</summary>
    private static InputGradients JoinBackward(Tensor g, TapeNode node)
    {
        var s = node.GetState<JoinState>();
        var grads = new InputGradients(node.InputCount);
        for (int i = 0, start = 0; i < grads.Count; i++)
        {
            var input = node.Input(i);
            int length = s.Stack ? 1 : input.Shape[s.Axis];
            if (node.NeedsGradient(i))
            {
                var gi = Tensor.Empty(input.Shape);
                Slicing.CopyRows(g.Span, s.Total, start, s.Outer, length, s.Inner, gi.Data, length, 0);
                grads[i] = gi;
            }
            start += length;
        }
        return grads;
    }

    /// <summary>Checks that <paramref name="shape"/> matches <paramref name="reference"/> except on <paramref name="axis"/> (-1: everywhere).</summary>
    private static void CheckJoinable(Shape reference, Shape shape, int axis, int index, string op)
    {
        bool ok = shape.Rank == reference.Rank;
        for (int d = 0; ok && d < shape.Rank; d++)
        {
            ok = d == axis || shape[d] == reference[d];
        }
        if (!ok)
        {
            string rule = axis < 0 ? "all tensors must have the same shape" : $"shapes must match except on axis {axis}";
            throw new ArgumentException($"{op}: {rule}, but the tensor at index 0 has shape {reference} and the tensor at index {index} has shape {shape}.");
        }
    }

    /// <summary>Shared backward state of one split: where each piece lives in the input, and the gradient being assembled.</summary>
    private sealed class SplitState(Shape inputShape, int[] starts, int[] lengths, int outer, int rows, int inner)
    {
        private Tensor? _gradient;
        private bool[]? _filled;

        /// <summary>Writes piece <paramref name="index"/>'s gradient into its place in the input-shaped buffer.</summary>
        public void Accumulate(int index, Tensor g)
        {
            if (_filled is not null && _filled[index])
            {
                // left over from a backward pass that did not finish (it threw): start again
                _gradient = null;
                _filled = null;
            }
            _gradient ??= Tensor.Zeros(inputShape);
            _filled ??= new bool[starts.Length];
            _filled[index] = true;
            Slicing.CopyRows(g.Span, lengths[index], 0, outer, lengths[index], inner, _gradient.Data, rows, starts[index]);
        }

        /// <summary>The assembled input gradient (zeros where no piece had one); resets for the next backward pass.</summary>
        public Tensor TakeGradient()
        {
            var g = _gradient ?? Tensor.Zeros(inputShape);
            _gradient = null;
            _filled = null;
            return g;
        }
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using KerasSharp.Engine;
using Onnx;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// Builds one ONNX graph: nodes, float32 and int64 initializers, inputs and outputs, with unique names derived from
/// the Keras layer names (the current <see cref="Scope"/>, e.g. <c>encoder/dense_1</c>).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<float, string> _scalars = [];

    /// <summary>The symbolic name of the batch axis of inputs and outputs.</summary>
    public const string BatchDim = "batch";

    public OnnxGraphBuilder(string name) => Graph = new GraphProto { Name = name };

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; }

    /// <summary>The prefix of the names made now (the path of the layer being converted).</summary>
    public string Scope { get; set; } = "";

    /// <summary>A name not used yet, from <paramref name="name"/> (suffixed <c>_1</c>, <c>_2</c>… when taken).</summary>
    public string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !_names.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }
        return candidate;
    }

    private string Scoped(string what) => Unique(Scope.Length == 0 ? what : $"{Scope}/{what}");

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        Nodes(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] Nodes(string op, IReadOnlyList<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        string name = Scoped(op);
        var node = new NodeProto { Name = name, OpType = op };
        node.Input.AddRange(inputs);
        var names = new string[outputs];
        for (int i = 0; i < outputs; i++)
        {
            names[i] = i == 0 ? name : Unique($"{name}:{i}");
        }
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>Adds a float32 initializer (a weight) and returns its name.</summary>
    public string Weight(string name, ReadOnlySpan<float> values, params ReadOnlySpan<int> dims)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        foreach (var d in dims)
        {
            tensor.Dims.Add(d);
        }
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A weight of the current scope, named <c>scope/what</c>.</summary>
    public string ScopedWeight(string what, ReadOnlySpan<float> values, params ReadOnlySpan<int> dims) =>
        Weight(Scope.Length == 0 ? what : $"{Scope}/{what}", values, dims);

    /// <summary>A layer variable as a weight of the current scope, with its own shape.</summary>
    public string Variable(string what, Variable variable)
    {
        var dims = new int[variable.Shape.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = variable.Shape[i];
        }
        return ScopedWeight(what, variable.Value.Span, dims);
    }

    /// <summary>A 1-D int64 initializer (shapes, axes, pads) and returns its name.</summary>
    public string Int64s(params long[] values)
    {
        var tensor = new TensorProto { Name = Scoped("const"), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 scalar constant, shared by every use of the same value.</summary>
    public string Scalar(float value)
    {
        if (!_scalars.TryGetValue(value, out var name))
        {
            name = Weight($"scalar_{_scalars.Count}", [value]);
            _scalars[value] = name;
        }
        return name;
    }

    /// <summary>Declares a graph input of Keras shape <paramref name="shape"/> (-1 axes symbolic).</summary>
    public void Input(string name, Shape shape) => Graph.Input.Add(ValueInfo(name, shape));

    /// <summary>Declares a graph output.</summary>
    public void Output(string name, Shape shape) => Graph.Output.Add(ValueInfo(name, shape));

    private static ValueInfoProto ValueInfo(string name, Shape shape)
    {
        var tensorShape = new TensorShapeProto();
        for (int i = 0; i < shape.Rank; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (shape[i] >= 0)
            {
                dim.DimValue = shape[i];
            }
            else
            {
                dim.DimParam = i == 0 ? BatchDim : $"{name}_dim{i}";
            }
            tensorShape.Dim.Add(dim);
        }
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } };
        return new ValueInfoProto { Name = name, Type = type };
    }

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attr(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attr(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, float[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    // common small patterns

    /// <summary>Transpose with a permutation.</summary>
    public string Transpose(string x, params long[] perm) => Node("Transpose", [x], Attr("perm", perm));

    /// <summary>Reshape to a constant shape (0 copies the input's axis, -1 is inferred).</summary>
    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Int64s(shape)]);

    /// <summary>Unsqueeze on constant axes.</summary>
    public string Unsqueeze(string x, params long[] axes) => Node("Unsqueeze", [x, Int64s(axes)]);

    /// <summary>Squeeze on constant axes.</summary>
    public string Squeeze(string x, params long[] axes) => Node("Squeeze", [x, Int64s(axes)]);

    /// <summary>Reverses an axis (Slice with step -1).</summary>
    public string Reverse(string x, long axis) => Node("Slice", [x, Int64s(-1), Int64s(long.MinValue), Int64s(axis), Int64s(-1)]);
}

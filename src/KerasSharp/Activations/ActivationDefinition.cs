using System.Globalization;
using KerasSharp.Engine;

namespace KerasSharp.Activations;

/// <summary>The kind of value a Keras activation argument takes.</summary>
internal enum ActivationParameterKind
{
    /// <summary>A Python float.</summary>
    Float,

    /// <summary>A Python float or None.</summary>
    OptionalFloat,

    /// <summary>A Python int (an axis).</summary>
    Int,

    /// <summary>A Python bool.</summary>
    Bool,
}

/// <summary>One keyword argument of a Keras activation function; a null default means the argument is required.</summary>
internal readonly record struct ActivationParameter(string Key, ActivationParameterKind Kind, double? Default, bool Required = false);

/// <summary>
/// One of Keras' activation functions (<c>keras.activations.*</c>): its id, its keyword arguments and how to build
/// the tensor function for given argument values. Arguments are kept as doubles (bools as 0/1, ints exactly, None as
/// null) and converted once, when the function is built.
/// </summary>
internal sealed class ActivationDefinition
{
    private ActivationDefinition(string id, ActivationParameter[] parameters, Func<double?[], Func<Tensor, Tensor>> build,
        Func<double?[], Shape, Shape>? outputShape = null)
    {
        Id = id;
        Parameters = parameters;
        Build = build;
        OutputShape = outputShape ?? ((_, shape) => shape);
    }

    /// <summary>The Keras id, e.g. <c>relu</c>.</summary>
    public string Id { get; }

    /// <summary>The keyword arguments, in Keras' order.</summary>
    public ActivationParameter[] Parameters { get; }

    /// <summary>Builds the function for argument values (one per parameter).</summary>
    public Func<double?[], Func<Tensor, Tensor>> Build { get; }

    /// <summary>The output shape for an input shape and argument values.</summary>
    public Func<double?[], Shape, Shape> OutputShape { get; }

    /// <summary>The default argument values (null for a required argument).</summary>
    public double?[] Defaults => [.. Parameters.Select(p => p.Default)];

    /// <summary>Whether <paramref name="arguments"/> are all the defaults.</summary>
    public bool AreDefaults(double?[] arguments)
    {
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].Required || !Nullable.Equals(arguments[i], Parameters[i].Default))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The id with the arguments that differ from the defaults in Python keyword syntax, e.g.
    /// <c>gelu(approximate=True)</c>; the plain id when all are defaults.
    /// </summary>
    public string Format(double?[] arguments)
    {
        var written = new List<string>();
        for (int i = 0; i < Parameters.Length; i++)
        {
            var p = Parameters[i];
            if (p.Required || !Nullable.Equals(arguments[i], p.Default))
            {
                written.Add($"{p.Key}={FormatValue(p.Kind, arguments[i])}");
            }
        }
        return written.Count == 0 ? Id : $"{Id}({string.Join(", ", written)})";
    }

    /// <summary>Parses the argument list of an id such as <c>elu(alpha=0.5)</c> (the text between the parentheses).</summary>
    /// <exception cref="ArgumentException">An argument is unknown, repeated, missing or not a value of its kind.</exception>
    public double?[] ParseArguments(string text, string identifier)
    {
        var values = Defaults;
        var seen = new bool[Parameters.Length];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 && text.Trim().Length == 0)
            {
                continue;
            }
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? part : part[..eq].Trim();
            int index = Array.FindIndex(Parameters, p => p.Key == key);
            if (eq < 0 || index < 0)
            {
                throw new ArgumentException(
                    $"Could not interpret activation function identifier: '{identifier}'. {Id} takes the keyword arguments ({string.Join(", ", Parameters.Select(p => p.Key))}); received '{part}'.",
                    nameof(identifier));
            }
            if (seen[index])
            {
                throw new ArgumentException($"Could not interpret activation function identifier: '{identifier}'. The argument {key} is given twice.", nameof(identifier));
            }
            seen[index] = true;
            values[index] = ParseValue(Parameters[index], part[(eq + 1)..].Trim(), identifier);
        }
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].Required && !seen[i])
            {
                throw new ArgumentException(
                    $"Could not interpret activation function identifier: '{identifier}'. {Id} needs the argument {Parameters[i].Key}.",
                    nameof(identifier));
            }
        }
        return values;
    }

    private static string FormatValue(ActivationParameterKind kind, double? value) => kind switch
    {
        _ when value is null => "None",
        ActivationParameterKind.Bool => value.Value != 0 ? "True" : "False",
        ActivationParameterKind.Int => ((int)value.Value).ToString(CultureInfo.InvariantCulture),
        _ => PythonFloat(value.Value),
    };

    /// <summary>A double as Python's <c>repr</c> writes a float (shortest round trip, always with a point or exponent).</summary>
    private static string PythonFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        string s = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('e', StringComparison.Ordinal) ? s : s + ".0";
    }

    private double? ParseValue(ActivationParameter p, string text, string identifier)
    {
        switch (p.Kind)
        {
            case ActivationParameterKind.Bool when text is "True" or "true" or "False" or "false":
                return text is "True" or "true" ? 1 : 0;
            case ActivationParameterKind.Int when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i):
                return i;
            case ActivationParameterKind.OptionalFloat when text == "None":
                return null;
            case ActivationParameterKind.Float or ActivationParameterKind.OptionalFloat
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d):
                return d;
            default:
                throw new ArgumentException(
                    $"Could not interpret activation function identifier: '{identifier}'. The argument {p.Key} of {Id} must be {Describe(p.Kind)}; received '{text}'.",
                    nameof(identifier));
        }
    }

    private static string Describe(ActivationParameterKind kind) => kind switch
    {
        ActivationParameterKind.Bool => "True or False",
        ActivationParameterKind.Int => "an integer",
        ActivationParameterKind.OptionalFloat => "a number or None",
        _ => "a number",
    };

    private static float F(double? value) => (float)value!.Value;

    private static int I(double? value) => (int)value!.Value;

    // glu halves its axis (an unknown size stays unknown)
    private static Shape HalvedAxis(Shape shape, int axis)
    {
        int ax = shape.NormalizeAxis(axis);
        return shape[ax] < 0 ? shape : shape.With(ax, shape[ax] / 2);
    }

    private static ActivationDefinition Plain(string id, Func<Tensor, Tensor> function) => new(id, [], _ => function);

    private static ActivationParameter Float(string key, double value) => new(key, ActivationParameterKind.Float, value);

    private static ActivationParameter Axis() => new("axis", ActivationParameterKind.Int, -1);

    /// <summary>Keras' activations, in the order of <c>keras.activations</c>' table.</summary>
    public static readonly ActivationDefinition[] All =
    [
        Plain("linear", static x => x),
        new("relu", [Float("negative_slope", 0.0), new("max_value", ActivationParameterKind.OptionalFloat, null), Float("threshold", 0.0)],
            static a => a[0] == 0.0 && a[1] is null && a[2] == 0.0
                ? Ops.Relu
                : x => KerasRelu.Apply(x, F(a[0]), a[1] is { } max ? (float)max : null, F(a[2]))),
        Plain("relu6", Ops.Relu6),
        Plain("sigmoid", Ops.Sigmoid),
        Plain("tanh", Ops.Tanh),
        new("softmax", [Axis()], static a => x => Ops.Softmax(x, I(a[0]))),
        new("log_softmax", [Axis()], static a => x => Ops.LogSoftmax(x, I(a[0]))),
        new("leaky_relu", [Float("negative_slope", 0.2)], static a => x => Ops.LeakyRelu(x, F(a[0]))),
        new("elu", [Float("alpha", 1.0)], static a => x => Ops.Elu(x, F(a[0]))),
        Plain("selu", Ops.Selu),
        Plain("softplus", Ops.Softplus),
        Plain("softsign", Ops.Softsign),
        Plain("silu", Ops.Silu),
        new("gelu", [new("approximate", ActivationParameterKind.Bool, 0)], static a => a[0] != 0 ? x => Ops.Gelu(x, approximate: true) : x => Ops.Gelu(x)),
        Plain("hard_sigmoid", Ops.HardSigmoid),
        Plain("exponential", Ops.Exp),
        Plain("mish", Ops.Mish),
        Plain("log_sigmoid", Ops.LogSigmoid),
        Plain("hard_silu", Ops.HardSilu),
        Plain("hard_tanh", Ops.HardTanh),
        Plain("sparse_plus", Ops.SparsePlus),
        Plain("sparse_sigmoid", Ops.SparseSigmoid),
        Plain("tanh_shrink", Ops.TanhShrink),
        new("celu", [Float("alpha", 1.0)], static a => x => Ops.Celu(x, a[0]!.Value)),
        new("glu", [Axis()], static a => x => Ops.Glu(x, I(a[0])),
            static (a, shape) => HalvedAxis(shape, I(a[0]))),
        new("squareplus", [Float("b", 4.0)], static a => x => Ops.Squareplus(x, a[0]!.Value)),
        new("soft_shrink", [Float("threshold", 0.5)], static a => x => Ops.SoftShrink(x, a[0]!.Value)),
        new("hard_shrink", [Float("threshold", 0.5)], static a => x => Ops.HardShrink(x, a[0]!.Value)),
        new("threshold", [new("threshold", ActivationParameterKind.Float, null, Required: true), new("default_value", ActivationParameterKind.Float, null, Required: true)],
            static a => x => Ops.Threshold(x, a[0]!.Value, a[1]!.Value)),
        new("sparsemax", [Axis()], static a => x => Ops.Sparsemax(x, I(a[0]))),
    ];

    /// <summary>The definitions by Keras id, with Keras' aliases <c>swish</c> and <c>hard_swish</c>.</summary>
    public static readonly IReadOnlyDictionary<string, ActivationDefinition> ById = BuildIndex();

    /// <summary>The definition of a Keras id (which must exist).</summary>
    public static ActivationDefinition Of(string id) => ById[id];

    private static Dictionary<string, ActivationDefinition> BuildIndex()
    {
        var index = All.ToDictionary(d => d.Id, StringComparer.Ordinal);
        index["swish"] = index["silu"];
        index["hard_swish"] = index["hard_silu"];
        return index;
    }
}

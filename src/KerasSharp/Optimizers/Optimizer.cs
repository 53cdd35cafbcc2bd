using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Base class of Keras optimizers (<c>keras.optimizers.Optimizer</c>). <see cref="Apply"/> does what Keras'
/// <c>apply</c> does: it builds the slot variables on the first call, clips the gradients (<c>clipnorm</c> per
/// tensor, else <c>global_clipnorm</c>, else <c>clipvalue</c>), evaluates the learning rate at
/// <see cref="Iterations"/>, runs <see cref="UpdateStep"/> for each variable and increments
/// <see cref="Iterations"/>. A subclass only creates its slots in <see cref="Build"/> and updates one variable in
/// <see cref="UpdateStep"/>.
/// </summary>
/// <remarks>
/// After the first call <see cref="Apply"/> allocates nothing: clipping writes into a buffer created in the build,
/// and the updates are fused span kernels.
/// </remarks>
/// <example>
/// <code>
/// Optimizer opt = "adam";                                     // keras.optimizers.get("adam")
/// var sgd = new SGD(learningRate: 0.1, momentum: 0.9f, nesterov: true);
/// var w = new Variable(Tensor.FromArray([1f, 2f]), "w");
/// using (var tape = GradientTape.Record())
/// {
///     var loss = Ops.Sum(Ops.Square(w));
///     sgd.Apply(tape.Gradient(loss, [w]), [w]);
/// }
/// </code>
/// </example>
public abstract class Optimizer
{
    private static readonly Dictionary<string, Func<Optimizer>> s_registry = new(StringComparer.Ordinal)
    {
        ["adagrad"] = static () => new Adagrad(),
        ["adam"] = static () => new Adam(),
        ["rmsprop"] = static () => new RMSprop(),
        ["sgd"] = static () => new SGD(),
    };

    private static readonly Dictionary<string, Func<JsonObject, Optimizer>> s_fromConfig = new(StringComparer.Ordinal)
    {
        ["adagrad"] = Adagrad.FromConfig,
        ["adam"] = Adam.FromConfig,
        ["rmsprop"] = RMSprop.FromConfig,
        ["sgd"] = SGD.FromConfig,
    };

    private readonly Variable _iterationsVariable;
    private readonly List<Variable> _slots = [];
    private readonly Dictionary<Variable, int> _indices = new(ReferenceEqualityComparer.Instance);
    private LearningRateSchedule? _schedule;
    private double _constantLearningRate;
    private Variable? _learningRateVariable;
    private Variable[]? _variablesCache;
    private long _iterations;
    private float _iterationsWritten;
    private float[] _scratch = [];

    /// <summary>Initialises the shared state: the iteration counter, the learning rate and the clipping options.</summary>
    /// <param name="learningRate">A constant (a number converts implicitly) or a <see cref="LearningRateSchedule"/>.</param>
    /// <param name="name">The optimizer's name, the prefix of its variables' paths (<c>adam/iteration</c>).</param>
    /// <param name="clipNorm">If set, each gradient is clipped so that its L2 norm is at most this value.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are scaled so that their global L2 norm is at most this value.</param>
    /// <exception cref="ArgumentException">More than one clipping option is set, or a value is negative or NaN.</exception>
    protected Optimizer(LearningRateSchedule learningRate, string name, float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        ArgumentException.ThrowIfNullOrEmpty(name);
        int clipArgs = (clipNorm is null ? 0 : 1) + (clipValue is null ? 0 : 1) + (globalClipNorm is null ? 0 : 1);
        if (clipArgs > 1)
        {
            throw new ArgumentException(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. " +
                $"Received: clipnorm={Format(clipNorm)}, clipvalue={Format(clipValue)}, global_clipnorm={Format(globalClipNorm)}");
        }
        ValidateClip(clipNorm, "clipnorm");
        ValidateClip(clipValue, "clipvalue");
        ValidateClip(globalClipNorm, "global_clipnorm");

        Name = name;
        ClipNorm = clipNorm;
        ClipValue = clipValue;
        GlobalClipNorm = globalClipNorm;
        _iterationsVariable = new Variable(Tensor.Scalar(0f), "iteration", trainable: false, path: $"{name}/iteration");
        if (learningRate is ConstantLearningRate constant)
        {
            SetConstantLearningRate(constant.Value, nameof(learningRate));
        }
        else
        {
            _schedule = learningRate;
        }
    }

    /// <summary>The optimizer's name (<c>adam</c>, <c>SGD</c>, …).</summary>
    public string Name { get; }

    /// <summary>
    /// The learning rate at the current step: the schedule evaluated at <see cref="Iterations"/>, or the constant.
    /// Setting it replaces any schedule by a constant (used by callbacks such as <c>ReduceLROnPlateau</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative, infinite or NaN.</exception>
    public double LearningRate
    {
        get
        {
            if (_schedule is not null)
            {
                return _schedule.Call(Iterations);
            }
            SyncLearningRate();
            return _constantLearningRate;
        }
        set => SetConstantLearningRate(value, nameof(value));
    }

    /// <summary>Number of updates applied so far (Keras' <c>optimizer.iterations</c>, an int64).</summary>
    public long Iterations
    {
        get
        {
            SyncIterations();
            return _iterations;
        }
    }

    /// <summary>If set, each gradient is clipped so that its L2 norm is at most this value.</summary>
    public float? ClipNorm { get; }

    /// <summary>If set, each gradient element is clipped to <c>[−ClipValue, ClipValue]</c>.</summary>
    public float? ClipValue { get; }

    /// <summary>If set, all gradients are scaled together so that their global L2 norm is at most this value.</summary>
    public float? GlobalClipNorm { get; }

    /// <summary>Whether the slots have been created (by the first <see cref="Apply"/>).</summary>
    public bool Built { get; private set; }

    /// <summary>
    /// Keras' <c>optimizer.variables</c>: the iteration counter, the learning rate (only when it is a constant, as
    /// in Keras), then the slots in Keras' order. The iteration counter is stored as a float32 scalar here; the
    /// exact int64 count is <see cref="Iterations"/>.
    /// </summary>
    public IReadOnlyList<Variable> Variables => _variablesCache ??= BuildVariableList();

    /// <summary>Applies one update: <c>variables[i]</c> moves along <c>−gradients[i]</c> by the optimizer's rule.</summary>
    /// <param name="gradients">One gradient per variable, of the variable's shape; a null entry skips the variable.</param>
    /// <param name="variables">The variables to update; the first call builds the optimizer for them.</param>
    /// <exception cref="ArgumentException">The lists differ in length, a shape does not match, or a variable is unknown to a built optimizer.</exception>
    public void Apply(IReadOnlyList<Tensor> gradients, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(variables);
        if (gradients.Count != variables.Count)
        {
            throw new ArgumentException(
                $"Optimizer '{Name}' received {gradients.Count} gradients for {variables.Count} variables; expected one gradient per variable.",
                nameof(gradients));
        }
        if (gradients.Count == 0)
        {
            return;
        }
        if (!Built)
        {
            BuildOnce(variables);
        }
        ValidateApply(gradients, variables);
        SyncIterations();

        float learningRate = (float)LearningRate;
        float globalScale = 1f;
        if (GlobalClipNorm is float globalClip && globalClip > 0f)
        {
            double sumOfSquares = 0;
            for (int i = 0; i < gradients.Count; i++)
            {
                if (gradients[i] is Tensor g)
                {
                    sumOfSquares += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(g.Span);
                }
            }
            globalScale = OptimizerKernels.GlobalClipScale((float)Math.Sqrt(sumOfSquares), globalClip);
        }

        for (int i = 0; i < gradients.Count; i++)
        {
            if (gradients[i] is not Tensor gradient)
            {
                continue;
            }
            var variable = variables[i];
            UpdateStep(Clip(gradient.Span, globalScale), variable, _indices[variable], learningRate);
        }

        _iterations++;
        _iterationsWritten = _iterations;
        _iterationsVariable.Data[0] = _iterationsWritten;
    }

    /// <summary>
    /// Creates the slots for <paramref name="variables"/> unless the optimizer is already built (Keras'
    /// <c>optimizer.build(var_list)</c>). <see cref="Apply"/> does this on its first call; call it directly to create
    /// the slots before assigning saved optimizer state to <see cref="Variables"/>.
    /// </summary>
    /// <param name="variables">The variables the optimizer will update, in the order <see cref="Apply"/> will receive them.</param>
    /// <exception cref="ArgumentException">A variable is null or listed twice.</exception>
    public void EnsureBuilt(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!Built)
        {
            BuildOnce(variables);
        }
    }

    /// <summary>Creates the slot variables for <paramref name="variables"/> (with <see cref="AddVariableFromReference"/>), in Keras' order.</summary>
    /// <param name="variables">The variables the optimizer will update; a variable's position is its <c>index</c> in <see cref="UpdateStep"/>.</param>
    protected abstract void Build(IReadOnlyList<Variable> variables);

    /// <summary>Updates one variable in place from its (already clipped) gradient.</summary>
    /// <param name="gradient">The gradient, row-major, of the variable's size.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="index">The variable's position in the list the optimizer was built with.</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    protected abstract void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate);

    /// <summary>
    /// Adds a slot shaped like <paramref name="reference"/>, named as Keras does: <c>dense_kernel_momentum</c> with
    /// path <c>adam/dense_kernel_momentum</c>.
    /// </summary>
    /// <param name="reference">The model variable the slot belongs to.</param>
    /// <param name="name">The slot's kind, e.g. <c>momentum</c>.</param>
    /// <param name="initialValue">The slot's initial value (Keras: zeros, or Adagrad's initial accumulator).</param>
    /// <returns>The new slot variable.</returns>
    protected Variable AddVariableFromReference(Variable reference, string name, float initialValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(name);
        string fullName = $"{reference.Path.Replace('/', '_')}_{name}";
        var value = initialValue == 0f ? Tensor.Zeros(reference.Shape) : Tensor.Full(reference.Shape, initialValue);
        var slot = new Variable(value, fullName, trainable: false, path: $"{Name}/{fullName}");
        _slots.Add(slot);
        _variablesCache = null;
        return slot;
    }

    /// <summary>Number of values in <see cref="Variables"/> (the "Optimizer params" of <c>model.summary()</c>).</summary>
    public long CountParams()
    {
        long count = 0;
        foreach (var v in Variables)
        {
            count += v.Value.Size;
        }
        return count;
    }

    /// <summary>
    /// The Keras config: <c>name</c>, <c>learning_rate</c> (a number, or the serialized schedule),
    /// <c>weight_decay</c>, <c>clipnorm</c>, <c>global_clipnorm</c>, <c>clipvalue</c>, <c>use_ema</c>,
    /// <c>ema_momentum</c>, <c>ema_overwrite_frequency</c>, <c>loss_scale_factor</c>,
    /// <c>gradient_accumulation_steps</c>, then the subclass' own keys.
    /// </summary>
    public virtual JsonObject GetConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = _schedule is null ? JsonValue.Create(LearningRate) : LearningRateSchedule.Serialize(_schedule),
        ["weight_decay"] = null,
        ["clipnorm"] = ConfigValues.Number(ClipNorm),
        ["global_clipnorm"] = ConfigValues.Number(GlobalClipNorm),
        ["clipvalue"] = ConfigValues.Number(ClipValue),
        ["use_ema"] = false,
        ["ema_momentum"] = 0.99,
        ["ema_overwrite_frequency"] = null,
        ["loss_scale_factor"] = null,
        ["gradient_accumulation_steps"] = null,
    };

    /// <summary>
    /// An optimizer from a Keras id (<c>"sgd"</c>, <c>"adam"</c>, <c>"rmsprop"</c>, <c>"adagrad"</c>) or class name
    /// (<c>"Adam"</c>; matched case-insensitively as in Keras), with Keras' defaults.
    /// </summary>
    /// <param name="identifier">The id.</param>
    /// <exception cref="ArgumentException">The id is unknown; the message lists the valid ids.</exception>
    public static Optimizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (s_registry.TryGetValue(identifier.ToLowerInvariant(), out var factory))
        {
            return factory();
        }
        throw new ArgumentException(
            $"Could not interpret optimizer identifier: '{identifier}'. Valid identifiers are: {string.Join(", ", s_registry.Keys.Order().Select(k => $"'{k}'"))}.",
            nameof(identifier));
    }

    /// <summary>Keras' serialized form: <c>{"module": "keras.optimizers", "class_name": "Adam", "config": {…}, "registered_name": null}</c>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    public static JsonObject Serialize(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return ConfigValues.Serialize("keras.optimizers", optimizer.GetType().Name, optimizer.GetConfig());
    }

    /// <summary>
    /// An optimizer from Keras' serialized form (<c>{"class_name": "Adam", "config": {…}}</c>, class names matched
    /// case-insensitively as in Keras) or from a string id.
    /// </summary>
    /// <param name="config">The serialized optimizer.</param>
    /// <exception cref="ArgumentException">The class is unknown or the config is malformed.</exception>
    /// <exception cref="NotSupportedException">The config uses a Keras option KerasSharp does not implement (EMA, weight decay, …).</exception>
    public static Optimizer Deserialize(JsonNode config)
    {
        var (className, inner) = ConfigValues.ReadSerialized(config, "optimizer");
        if (s_fromConfig.TryGetValue(className.ToLowerInvariant(), out var fromConfig))
        {
            return fromConfig(inner);
        }
        throw new ArgumentException(
            $"Could not interpret optimizer class name: '{className}'. Valid class names are: {string.Join(", ", s_fromConfig.Keys.Order().Select(k => $"'{k}'"))}.",
            nameof(config));
    }

    /// <summary>An optimizer from a Keras id, so that <c>Compile(optimizer: "adam")</c> works.</summary>
    /// <param name="identifier">The id, see <see cref="Get"/>.</param>
    public static implicit operator Optimizer(string identifier) => Get(identifier);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(name={Name}, learning_rate={LearningRate})";

    /// <summary>Reads the keys of the base config shared by all optimizers, rejecting options KerasSharp does not implement.</summary>
    internal static (LearningRateSchedule? LearningRate, string? Name, float? ClipNorm, float? ClipValue, float? GlobalClipNorm) ReadBaseConfig(JsonObject config, string className)
    {
        ArgumentNullException.ThrowIfNull(config);
        RejectUnsupported(config, className, "weight_decay", v => v is null);
        RejectUnsupported(config, className, "use_ema", v => v is null || (v is JsonValue b && b.TryGetValue(out bool use) && !use));
        RejectUnsupported(config, className, "ema_overwrite_frequency", v => v is null);
        RejectUnsupported(config, className, "loss_scale_factor", v => v is null);
        RejectUnsupported(config, className, "gradient_accumulation_steps", v => v is null);
        LearningRateSchedule? learningRate = config["learning_rate"] switch
        {
            null => null,
            JsonObject schedule => LearningRateSchedule.Deserialize(schedule),
            _ => ConfigValues.GetDouble(config, "learning_rate", 0),
        };
        return (learningRate,
            config["name"] is null ? null : ConfigValues.GetString(config, "name", className),
            ConfigValues.GetNullableFloat(config, "clipnorm"),
            ConfigValues.GetNullableFloat(config, "clipvalue"),
            ConfigValues.GetNullableFloat(config, "global_clipnorm"));
    }

    private static void RejectUnsupported(JsonObject config, string className, string key, Func<JsonNode?, bool> isDefault)
    {
        if (config.TryGetPropertyValue(key, out var value) && !isDefault(value))
        {
            throw new NotSupportedException(
                $"{className} config has {key}={value?.ToJsonString()}, which KerasSharp does not support yet; only the default is accepted.");
        }
    }

    private void BuildOnce(IReadOnlyList<Variable> variables)
    {
        int maxSize = 0;
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i] ?? throw new ArgumentNullException(nameof(variables), $"Variable {i} passed to optimizer '{Name}' is null.");
            if (!_indices.TryAdd(v, i))
            {
                throw new ArgumentException($"Variable '{v.Path}' is passed twice to optimizer '{Name}'.", nameof(variables));
            }
            maxSize = Math.Max(maxSize, v.Value.Size);
        }
        var list = new Variable[variables.Count];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = variables[i];
        }
        Build(list);
        if (ClipNorm is > 0f || ClipValue is > 0f || GlobalClipNorm is > 0f)
        {
            _scratch = new float[maxSize];
        }
        Built = true;
    }

    private void ValidateApply(IReadOnlyList<Tensor> gradients, IReadOnlyList<Variable> variables)
    {
        bool any = false;
        for (int i = 0; i < variables.Count; i++)
        {
            var variable = variables[i];
            if (variable is null || !_indices.ContainsKey(variable))
            {
                throw new ArgumentException(
                    $"Unknown variable: {variable}. This optimizer can only be called for the variables it was originally built with. " +
                    "When working with a new set of variables, you should recreate a new optimizer instance.",
                    nameof(variables));
            }
            if (gradients[i] is not Tensor g)
            {
                continue;
            }
            any = true;
            if (g.Shape != variable.Shape)
            {
                throw new ArgumentException(
                    $"Gradient {i} has shape {g.Shape}, but variable '{variable.Path}' has shape {variable.Shape}; they must match.",
                    nameof(gradients));
            }
        }
        if (!any)
        {
            throw new ArgumentException("No gradients provided for any variable.", nameof(gradients));
        }
    }

    private ReadOnlySpan<float> Clip(ReadOnlySpan<float> gradient, float globalScale)
    {
        if (ClipNorm is float clipNorm && clipNorm > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.ClipByNorm(gradient, clipNorm, destination);
            return destination;
        }
        if (GlobalClipNorm is float globalClip && globalClip > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.Scale(gradient, globalScale, destination);
            return destination;
        }
        if (ClipValue is float clipValue && clipValue > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.ClipByValue(gradient, clipValue, destination);
            return destination;
        }
        return gradient;
    }

    private void SetConstantLearningRate(double value, string paramName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"Argument `learning_rate` of optimizer '{Name}' must be a non-negative finite float. Received: learning_rate={value}");
        }
        _schedule = null;
        _constantLearningRate = value;
        _variablesCache = null;
        if (_learningRateVariable is null)
        {
            _learningRateVariable = new Variable(Tensor.Scalar((float)value), "learning_rate", trainable: false, path: $"{Name}/learning_rate");
        }
        else
        {
            _learningRateVariable.Data[0] = (float)value;
        }
    }

    /// <summary>Adopts a learning rate assigned to the variable from outside (e.g. when loading a saved optimizer).</summary>
    private void SyncLearningRate()
    {
        if (_learningRateVariable is not null)
        {
            float stored = _learningRateVariable.Value.Span[0];
            if (stored != (float)_constantLearningRate)
            {
                _constantLearningRate = stored;
            }
        }
    }

    /// <summary>Sets the update count exactly (a saved optimizer's int64 <c>iterations</c>, beyond float32's range of exact integers).</summary>
    internal void RestoreIterations(long iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        _iterations = iterations;
        _iterationsWritten = iterations;
        _iterationsVariable.Data[0] = _iterationsWritten;
    }

    /// <summary>Adopts an iteration count assigned to the variable from outside (e.g. when loading a saved optimizer).</summary>
    private void SyncIterations()
    {
        float stored = _iterationsVariable.Value.Span[0];
        if (stored != _iterationsWritten)
        {
            _iterations = (long)stored;
            _iterationsWritten = stored;
        }
    }

    private Variable[] BuildVariableList()
    {
        var list = new List<Variable>(2 + _slots.Count) { _iterationsVariable };
        if (_schedule is null && _learningRateVariable is not null)
        {
            list.Add(_learningRateVariable);
        }
        list.AddRange(_slots);
        return [.. list];
    }

    private static void ValidateClip(float? value, string name)
    {
        if (value is float v && (float.IsNaN(v) || v < 0f))
        {
            throw new ArgumentOutOfRangeException(name, v, $"Argument `{name}` must be a non-negative float. Received: {name}={v}");
        }
    }

    private static string Format(float? value) => value is float v ? ConfigValues.ToDouble(v).ToString(System.Globalization.CultureInfo.InvariantCulture) : "None";
}

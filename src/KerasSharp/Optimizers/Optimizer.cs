using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Base class of Keras optimizers (<c>keras.optimizers.Optimizer</c>). <see cref="Apply"/> does what Keras'
/// <c>apply</c> does: it builds the slot variables on the first call; with <see cref="GradientAccumulationSteps"/>
/// it adds the gradients to accumulators and updates only every n-th call, with their mean; it clips the gradients
/// (<c>clipnorm</c> per tensor, else <c>global_clipnorm</c>, else <c>clipvalue</c>), applies the decoupled
/// <see cref="WeightDecay"/> (<c>w −= w·wd·lr</c>), runs <see cref="UpdateStep"/> for each variable, updates the
/// exponential moving average of the weights (<see cref="UseEma"/>) and increments <see cref="Iterations"/>.
/// A subclass only creates its slots in <see cref="Build"/> and updates one variable in <see cref="UpdateStep"/>.
/// </summary>
/// <remarks>
/// After the first call <see cref="Apply"/> allocates nothing: clipping writes into a buffer created in the build,
/// accumulation and averaging use slot variables, and the updates are fused span kernels.
/// </remarks>
/// <example>
/// <code>
/// Optimizer opt = "adam";                                     // keras.optimizers.get("adam")
/// var sgd = new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true);
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
        ["adadelta"] = static () => new Adadelta(),
        ["adafactor"] = static () => new Adafactor(),
        ["adagrad"] = static () => new Adagrad(),
        ["adam"] = static () => new Adam(),
        ["adamax"] = static () => new Adamax(),
        ["adamw"] = static () => new AdamW(),
        ["ftrl"] = static () => new Ftrl(),
        ["lamb"] = static () => new Lamb(),
        ["lion"] = static () => new Lion(),
        ["nadam"] = static () => new Nadam(),
        ["rmsprop"] = static () => new RMSprop(),
        ["sgd"] = static () => new SGD(),
    };

    private static readonly Dictionary<string, Func<JsonObject, Optimizer>> s_fromConfig = new(StringComparer.Ordinal)
    {
        ["adadelta"] = Adadelta.FromConfig,
        ["adafactor"] = Adafactor.FromConfig,
        ["adagrad"] = Adagrad.FromConfig,
        ["adam"] = Adam.FromConfig,
        ["adamax"] = Adamax.FromConfig,
        ["adamw"] = AdamW.FromConfig,
        ["ftrl"] = Ftrl.FromConfig,
        ["lamb"] = Lamb.FromConfig,
        ["lion"] = Lion.FromConfig,
        ["nadam"] = Nadam.FromConfig,
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
    private Variable[] _trainable = [];
    private Variable[] _averages = [];
    private Variable[] _accumulators = [];
    private bool[] _decays = [];
    private HashSet<Variable>? _excludedVariables;
    private string[] _excludedNames = [];
    private float _clipNorm, _clipValue, _globalClipNorm, _weightDecay, _emaMomentum;

    /// <summary>Initialises the shared state: the iteration counter, the learning rate and the options every Keras optimizer takes.</summary>
    /// <param name="learningRate">A constant (a number converts implicitly) or a <see cref="LearningRateSchedule"/>.</param>
    /// <param name="name">The optimizer's name, the prefix of its variables' paths (<c>adam/iteration</c>).</param>
    /// <param name="clipNorm">If set, each gradient is clipped so that its L2 norm is at most this value.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are scaled so that their global L2 norm is at most this value.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> applied before each update.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of that average: <c>avg = μ·avg + (1 − μ)·w</c>.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set (at least 2), the weights are updated every this many calls, with the mean gradient.</param>
    /// <exception cref="ArgumentException">More than one clipping option is set, or a value is out of its Keras range.</exception>
    protected Optimizer(LearningRateSchedule learningRate, string name, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        double? weightDecay = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        SetOptions(new BaseOptions(weightDecay, clipNorm, clipValue, globalClipNorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps));
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

    /// <summary>
    /// Number of <see cref="Apply"/> calls so far: Keras' stored <c>iteration</c> variable (an int64), which
    /// learning-rate schedules read. Without gradient accumulation it is Keras' <c>optimizer.iterations</c>.
    /// </summary>
    public long Iterations
    {
        get
        {
            SyncIterations();
            return _iterations;
        }
    }

    /// <summary>
    /// Number of weight updates so far: Keras' <c>optimizer.iterations</c>, which is <see cref="Iterations"/>
    /// divided (rounding down) by <see cref="GradientAccumulationSteps"/> when gradients are accumulated. The update
    /// rules' step <c>t</c> and the EMA's overwrite frequency count these.
    /// </summary>
    public long UpdateIterations => GradientAccumulationSteps is int n ? Iterations / n : Iterations;

    /// <summary>If set, each gradient is clipped so that its L2 norm is at most this value.</summary>
    public double? ClipNorm { get; private set; }

    /// <summary>If set, each gradient element is clipped to <c>[−ClipValue, ClipValue]</c>.</summary>
    public double? ClipValue { get; private set; }

    /// <summary>If set, all gradients are scaled together so that their global L2 norm is at most this value.</summary>
    public double? GlobalClipNorm { get; private set; }

    /// <summary>If set, the decoupled weight decay: before each update <c>w −= w·WeightDecay·lr</c> (Keras' <c>weight_decay</c>).</summary>
    public double? WeightDecay { get; private set; }

    /// <summary>Whether an exponential moving average of the weights is kept (Keras' <c>use_ema</c>).</summary>
    public bool UseEma { get; private set; }

    /// <summary>The momentum of the moving average (Keras' <c>ema_momentum</c>); used only with <see cref="UseEma"/>.</summary>
    public double EmaMomentum { get; private set; }

    /// <summary>If set, the weights are overwritten by their moving average every this many updates (Keras' <c>ema_overwrite_frequency</c>).</summary>
    public int? EmaOverwriteFrequency { get; private set; }

    /// <summary>If set, the weights are updated every this many <see cref="Apply"/> calls with the mean gradient (Keras' <c>gradient_accumulation_steps</c>).</summary>
    public int? GradientAccumulationSteps { get; private set; }

    /// <summary>Whether the slots have been created (by the first <see cref="Apply"/>).</summary>
    public bool Built { get; private set; }

    /// <summary>
    /// Keras' <c>optimizer.variables</c>: the iteration counter, the learning rate (only when it is a constant, as
    /// in Keras), then the moving averages (<c>…_average</c>, with <see cref="UseEma"/>), the gradient accumulators
    /// (<c>…_gradient_accumulator</c>, with <see cref="GradientAccumulationSteps"/>) and the optimizer's own slots, in
    /// Keras' order. The iteration counter is stored as a float32 scalar here; the exact int64 count is
    /// <see cref="Iterations"/>.
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

        if (GradientAccumulationSteps is int steps)
        {
            if ((_iterations + 1) % steps == 0)
            {
                // the mean gradient goes into the accumulators, which are reset after the update
                for (int i = 0; i < gradients.Count; i++)
                {
                    if (gradients[i] is Tensor g)
                    {
                        OptimizerKernels.AddAndDivide(g.Span, _accumulators[_indices[variables[i]]].Data, steps);
                    }
                }
                Update(gradients, variables, accumulated: true);
                foreach (var accumulator in _accumulators)
                {
                    accumulator.Data.Clear();
                }
            }
            else
            {
                for (int i = 0; i < gradients.Count; i++)
                {
                    if (gradients[i] is Tensor g)
                    {
                        var accumulator = _accumulators[_indices[variables[i]]].Data;
                        System.Numerics.Tensors.TensorPrimitives.Add(g.Span, accumulator, accumulator);
                    }
                }
            }
        }
        else
        {
            Update(gradients, variables, accumulated: false);
        }

        if (UseEma)
        {
            UpdateMovingAverages();
        }

        _iterations++;
        _iterationsWritten = _iterations;
        _iterationsVariable.Data[0] = _iterationsWritten;
    }

    /// <summary>
    /// Excludes variables from <see cref="WeightDecay"/> (Keras' <c>exclude_from_weight_decay</c>): the variables
    /// listed, and every variable whose name contains one of <paramref name="varNames"/> (e.g. <c>["bias"]</c>). A
    /// new call replaces the previous exclusions.
    /// </summary>
    /// <param name="varList">Variables to exclude.</param>
    /// <param name="varNames">Substrings of the names of variables to exclude.</param>
    /// <exception cref="InvalidOperationException">The optimizer is already built.</exception>
    public void ExcludeFromWeightDecay(IEnumerable<Variable>? varList = null, IEnumerable<string>? varNames = null)
    {
        if (Built)
        {
            throw new InvalidOperationException("`exclude_from_weight_decay()` can only be configured before the optimizer is built.");
        }
        _excludedVariables = varList is null ? null : new HashSet<Variable>(varList, ReferenceEqualityComparer.Instance);
        _excludedNames = varNames is null ? [] : [.. varNames.Where(n => !string.IsNullOrEmpty(n)).Distinct()];
    }

    /// <summary>
    /// Sets the final values of the model's variables (Keras' <c>finalize_variable_values</c>, called at the end of
    /// <c>Fit</c>): with <see cref="UseEma"/> the variables are overwritten by their moving averages; otherwise, or
    /// before the optimizer is built, nothing happens.
    /// </summary>
    /// <param name="variables">The model's trainable variables, in the order the optimizer was built with.</param>
    /// <exception cref="ArgumentException">The number of variables differs from the number of moving averages.</exception>
    public void FinalizeVariableValues(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (UseEma && Built)
        {
            OverwriteWithAverages(variables);
        }
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

    /// <summary>Called once per weight update, before the first <see cref="UpdateStep"/> (Nadam advances its momentum-schedule product here).</summary>
    protected virtual void BeginUpdate()
    {
    }

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
        return AddVariable(reference.Shape, $"{reference.Path.Replace('/', '_')}_{name}", initialValue);
    }

    /// <summary>
    /// Adds two slots per variable, interleaved as Keras' <c>add_optimizer_variables(vars, [first, second])</c>
    /// creates them: <c>first</c> and <c>second</c> of the first variable, then of the second, and so on.
    /// </summary>
    /// <param name="variables">The model variables.</param>
    /// <param name="first">The first slot's kind, e.g. <c>momentum</c>.</param>
    /// <param name="second">The second slot's kind, e.g. <c>velocity</c>.</param>
    /// <param name="firstInitialValue">The first slots' initial value.</param>
    /// <returns>The slots of each kind, one per variable.</returns>
    protected (Variable[] First, Variable[] Second) AddInterleavedSlots(IReadOnlyList<Variable> variables, string first, string second, float firstInitialValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var a = new Variable[variables.Count];
        var b = new Variable[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            a[i] = AddVariableFromReference(variables[i], first, firstInitialValue);
            b[i] = AddVariableFromReference(variables[i], second);
        }
        return (a, b);
    }

    /// <summary>Adds an optimizer variable of any shape (Keras' <c>add_variable</c>), with path <c>{optimizer name}/{name}</c>.</summary>
    /// <param name="shape">The variable's shape.</param>
    /// <param name="name">The variable's name.</param>
    /// <param name="initialValue">Its initial value.</param>
    /// <returns>The new variable.</returns>
    protected Variable AddVariable(Shape shape, string name, float initialValue = 0f)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var value = initialValue == 0f ? Tensor.Zeros(shape) : Tensor.Full(shape, initialValue);
        var slot = new Variable(value, name, trainable: false, path: $"{Name}/{name}");
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
        ["weight_decay"] = JsonValue.Create(WeightDecay),
        ["clipnorm"] = JsonValue.Create(ClipNorm),
        ["global_clipnorm"] = JsonValue.Create(GlobalClipNorm),
        ["clipvalue"] = JsonValue.Create(ClipValue),
        ["use_ema"] = UseEma,
        ["ema_momentum"] = EmaMomentum,
        ["ema_overwrite_frequency"] = JsonValue.Create(EmaOverwriteFrequency),
        ["loss_scale_factor"] = null,
        ["gradient_accumulation_steps"] = JsonValue.Create(GradientAccumulationSteps),
    };

    /// <summary>
    /// An optimizer from a Keras id (<c>"sgd"</c>, <c>"adam"</c>, <c>"adamw"</c>, <c>"nadam"</c>, …) or class name
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
    /// <exception cref="NotSupportedException">The config sets <c>loss_scale_factor</c>, which KerasSharp does not implement.</exception>
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

    /// <summary>The options of the base config shared by all optimizers.</summary>
    internal readonly record struct BaseOptions(double? WeightDecay, double? ClipNorm, double? ClipValue, double? GlobalClipNorm,
        bool UseEma, double EmaMomentum, int? EmaOverwriteFrequency, int? GradientAccumulationSteps);

    /// <summary>The base config read by <see cref="ReadBaseConfig"/>: the learning rate, the name and the shared options.</summary>
    internal readonly record struct BaseConfig(LearningRateSchedule? LearningRate, string? Name, BaseOptions Options)
    {
        /// <summary>Gives <paramref name="optimizer"/>, created from the subclass' own keys, the shared options of the config.</summary>
        public T Restore<T>(T optimizer) where T : Optimizer
        {
            optimizer.SetOptions(Options);
            return optimizer;
        }
    }

    /// <summary>Reads the keys of the base config shared by all optimizers, rejecting <c>loss_scale_factor</c>, which KerasSharp does not implement.</summary>
    internal static BaseConfig ReadBaseConfig(JsonObject config, string className)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetPropertyValue("loss_scale_factor", out var scale) && scale is not null)
        {
            throw new NotSupportedException(
                $"{className} config has loss_scale_factor={scale.ToJsonString()}, which KerasSharp does not support yet; only the default is accepted.");
        }
        LearningRateSchedule? learningRate = config["learning_rate"] switch
        {
            null => null,
            JsonObject schedule => LearningRateSchedule.Deserialize(schedule),
            _ => ConfigValues.GetDouble(config, "learning_rate", 0),
        };
        var options = new BaseOptions(
            NullableDouble(config, "weight_decay"),
            NullableDouble(config, "clipnorm"),
            NullableDouble(config, "clipvalue"),
            NullableDouble(config, "global_clipnorm"),
            ConfigValues.GetBool(config, "use_ema", false),
            ConfigValues.GetDouble(config, "ema_momentum", 0.99),
            ConfigValues.GetNullableInt(config, "ema_overwrite_frequency"),
            ConfigValues.GetNullableInt(config, "gradient_accumulation_steps"));
        return new BaseConfig(learningRate, config["name"] is null ? null : ConfigValues.GetString(config, "name", className), options);
    }

    /// <summary>The number at <paramref name="key"/>, or null when it is missing or null.</summary>
    internal static double? NullableDouble(JsonObject config, string key) =>
        config[key] is null ? null : ConfigValues.GetDouble(config, key, 0);

    /// <summary>Swaps each trained variable with its moving average (the <c>SwapEMAWeights</c> callback).</summary>
    /// <exception cref="InvalidOperationException">The optimizer does not use EMA.</exception>
    internal void SwapMovingAverages()
    {
        RequireEma();
        for (int i = 0; i < _trainable.Length; i++)
        {
            OptimizerKernels.Swap(_trainable[i].Data, _averages[i].Data);
        }
    }

    /// <summary>Sets each moving average to its variable's current value.</summary>
    /// <exception cref="InvalidOperationException">The optimizer does not use EMA.</exception>
    internal void CopyVariablesToMovingAverages()
    {
        RequireEma();
        for (int i = 0; i < _trainable.Length; i++)
        {
            _trainable[i].Data.CopyTo(_averages[i].Data);
        }
    }

    private void RequireEma()
    {
        if (!UseEma)
        {
            throw new InvalidOperationException($"SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. Received: use_ema={(UseEma ? "True" : "False")}");
        }
    }

    private void SetOptions(in BaseOptions o)
    {
        if (Built)
        {
            throw new InvalidOperationException($"The options of optimizer '{Name}' cannot change once it is built.");
        }
        int clipArgs = (o.ClipNorm is null ? 0 : 1) + (o.ClipValue is null ? 0 : 1) + (o.GlobalClipNorm is null ? 0 : 1);
        if (clipArgs > 1)
        {
            throw new ArgumentException(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. " +
                $"Received: clipnorm={Format(o.ClipNorm)}, clipvalue={Format(o.ClipValue)}, global_clipnorm={Format(o.GlobalClipNorm)}");
        }
        ValidateClip(o.ClipNorm, "clipnorm");
        ValidateClip(o.ClipValue, "clipvalue");
        ValidateClip(o.GlobalClipNorm, "global_clipnorm");
        if (o.WeightDecay is double wd && !double.IsFinite(wd))
        {
            throw new ArgumentOutOfRangeException("weightDecay", wd, $"Argument `weight_decay` must be a finite float. Received: weight_decay={Format(wd)}");
        }
        if (o.GradientAccumulationSteps is int steps && steps != 0 && steps < 2)
        {
            throw new ArgumentOutOfRangeException("gradientAccumulationSteps", steps,
                $"`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps={steps}");
        }
        if (o.UseEma)
        {
            if (!(o.EmaMomentum >= 0 && o.EmaMomentum <= 1))
            {
                throw new ArgumentOutOfRangeException("emaMomentum", o.EmaMomentum,
                    $"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={Format(o.EmaMomentum)}");
            }
            if (o.EmaOverwriteFrequency is int f && f < 0)
            {
                throw new ArgumentOutOfRangeException("emaOverwriteFrequency", f,
                    $"`ema_overwrite_frequency` must be an integer >= 1 or None. Received: ema_overwrite_frequency={f}");
            }
        }
        ClipNorm = o.ClipNorm;
        ClipValue = o.ClipValue;
        GlobalClipNorm = o.GlobalClipNorm;
        WeightDecay = o.WeightDecay;
        UseEma = o.UseEma;
        EmaMomentum = o.EmaMomentum;
        EmaOverwriteFrequency = o.EmaOverwriteFrequency;
        // as in Keras, 0 means "not set"
        GradientAccumulationSteps = o.GradientAccumulationSteps is 0 ? null : o.GradientAccumulationSteps;
        _clipNorm = (float)(o.ClipNorm ?? 0);
        _clipValue = (float)(o.ClipValue ?? 0);
        _globalClipNorm = (float)(o.GlobalClipNorm ?? 0);
        _weightDecay = (float)(o.WeightDecay ?? 0);
        _emaMomentum = (float)o.EmaMomentum;
    }

    // clipping, weight decay and the update of every variable that has a gradient (from the accumulators when accumulated)
    private void Update(IReadOnlyList<Tensor> gradients, IReadOnlyList<Variable> variables, bool accumulated)
    {
        float learningRate = (float)LearningRate;
        float globalScale = 1f;
        if (_globalClipNorm > 0f)
        {
            double sumOfSquares = 0;
            for (int i = 0; i < gradients.Count; i++)
            {
                if (gradients[i] is not null)
                {
                    sumOfSquares += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(GradientOf(gradients, variables, i, accumulated));
                }
            }
            globalScale = OptimizerKernels.GlobalClipScale((float)Math.Sqrt(sumOfSquares), _globalClipNorm);
        }

        BeginUpdate();
        bool decay = WeightDecay is not null;
        for (int i = 0; i < gradients.Count; i++)
        {
            if (gradients[i] is null)
            {
                continue;
            }
            var variable = variables[i];
            int index = _indices[variable];
            if (decay && _decays[index])
            {
                OptimizerKernels.WeightDecay(variable.Data, _weightDecay, learningRate);
            }
            UpdateStep(Clip(GradientOf(gradients, variables, i, accumulated), globalScale), variable, index, learningRate);
        }
    }

    private ReadOnlySpan<float> GradientOf(IReadOnlyList<Tensor> gradients, IReadOnlyList<Variable> variables, int i, bool accumulated) =>
        accumulated ? _accumulators[_indices[variables[i]]].Data : gradients[i].Span;

    private void UpdateMovingAverages()
    {
        long updates = UpdateIterations;
        float momentum = updates != 0 ? _emaMomentum : 0f;
        for (int i = 0; i < _trainable.Length; i++)
        {
            OptimizerKernels.MovingAverage(_averages[i].Data, _trainable[i].Data, momentum, 1f - momentum);
        }
        if (EmaOverwriteFrequency is int frequency && frequency > 0 && (updates + 1) % frequency == 0)
        {
            OverwriteWithAverages(_trainable);
        }
    }

    private void OverwriteWithAverages(IReadOnlyList<Variable> variables)
    {
        if (variables.Count != _averages.Length)
        {
            throw new ArgumentException(
                $"The length of model variables ({variables.Count}) to override does not match the length of model variables stored in the optimizer ({_averages.Length}). " +
                "Please check if the optimizer was called on your model.", nameof(variables));
        }
        for (int i = 0; i < _averages.Length; i++)
        {
            variables[i].Assign(_averages[i].Value.Span);
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
        _trainable = list;
        // Keras' base build: the averages, then the accumulators, before the subclass' slots
        if (UseEma)
        {
            _averages = Array.ConvertAll(list, v => AddVariableFromReference(v, "average"));
        }
        if (GradientAccumulationSteps is not null)
        {
            _accumulators = Array.ConvertAll(list, v => AddVariableFromReference(v, "gradient_accumulator"));
        }
        _decays = Array.ConvertAll(list, UsesWeightDecay);
        Build(list);
        if (_clipNorm > 0f || _clipValue > 0f || _globalClipNorm > 0f)
        {
            _scratch = new float[maxSize];
        }
        Built = true;
    }

    private bool UsesWeightDecay(Variable variable)
    {
        if (_excludedVariables is not null && _excludedVariables.Contains(variable))
        {
            return false;
        }
        foreach (var name in _excludedNames)
        {
            if (variable.Name.Contains(name, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
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
        if (_clipNorm > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.ClipByNorm(gradient, _clipNorm, destination);
            return destination;
        }
        if (_globalClipNorm > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.Scale(gradient, globalScale, destination);
            return destination;
        }
        if (_clipValue > 0f)
        {
            var destination = _scratch.AsSpan(0, gradient.Length);
            OptimizerKernels.ClipByValue(gradient, _clipValue, destination);
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

    private static void ValidateClip(double? value, string name)
    {
        if (value is double v && (double.IsNaN(v) || v < 0))
        {
            throw new ArgumentOutOfRangeException(name, v, $"Argument `{name}` must be a non-negative float. Received: {name}={Format(v)}");
        }
    }

    /// <summary>A number as Python prints it in Keras' messages (<c>None</c> for null).</summary>
    internal static string Format(double? value) => value is double v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "None";
}

using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adafactor (<c>keras.optimizers.Adafactor</c>), in Keras' form: with <c>t = iterations + 1</c>,
/// <c>ρ = min(lr, 1/sqrt(t))</c>, <c>α = max(ε2, rms(w))·ρ</c>, <c>β2ₜ = 1 − t^beta2Decay</c> and
/// <c>q = g² + ε1</c>: a variable of rank 2 or more keeps factored second moments, a row average
/// <c>r = β2ₜ·r + (1 − β2ₜ)·mean(q, −1)</c> and a column average <c>c = β2ₜ·c + (1 − β2ₜ)·mean(q, −2)</c>, and
/// <c>v = (r/mean(r, −1))ᵢ·cⱼ</c>; a smaller variable keeps <c>v = β2ₜ·v + (1 − β2ₜ)·q</c>. Then
/// <c>u = g/sqrt(v)</c> and <c>w −= α·u/max(1, rms(u)/clipThreshold)</c>.
/// </summary>
/// <remarks>
/// Variables, in Keras' order, for each model variable: <c>r</c> and <c>c</c> (named after the variable, e.g.
/// <c>kernel</c>; scalars for a variable of rank below 2), then <c>velocity</c>. As in Keras 3, the learning rate is
/// always capped at <c>1/sqrt(t)</c>, so <see cref="RelativeStep"/> only travels in the config.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adafactor(learningRate: 1e-2), loss: "mse");
/// </code>
/// </example>
public sealed class Adafactor : Optimizer
{
    private readonly float _beta2Decay;
    private readonly float _epsilon1;
    private readonly float _epsilon2;
    private readonly float _clipThreshold;
    private Variable[] _rows = [];
    private Variable[] _columns = [];
    private Variable[] _velocities = [];
    private float[] _columnSums = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta2Decay">The exponent of the second-moment decay <c>1 − t^beta2Decay</c>.</param>
    /// <param name="epsilon1">Added to the squared gradient.</param>
    /// <param name="epsilon2">The floor of the weights' RMS in the step size.</param>
    /// <param name="clipThreshold">The RMS above which the update is scaled down.</param>
    /// <param name="relativeStep">Keras' <c>relative_step</c>; kept for the config (see the remarks).</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adafactor(LearningRateSchedule? learningRate = null, double beta2Decay = -0.8, double epsilon1 = 1e-30, double epsilon2 = 1e-3,
        double clipThreshold = 1.0, bool relativeStep = true,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adafactor")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        Beta2Decay = beta2Decay;
        Epsilon1 = epsilon1;
        Epsilon2 = epsilon2;
        ClipThreshold = clipThreshold;
        RelativeStep = relativeStep;
        _beta2Decay = (float)beta2Decay;
        _epsilon1 = (float)epsilon1;
        _epsilon2 = (float)epsilon2;
        _clipThreshold = (float)clipThreshold;
    }

    /// <summary>The exponent of the second-moment decay (Keras' <c>beta_2_decay</c>).</summary>
    public double Beta2Decay { get; }

    /// <summary>The constant added to the squared gradient (Keras' <c>epsilon_1</c>).</summary>
    public double Epsilon1 { get; }

    /// <summary>The floor of the weights' RMS (Keras' <c>epsilon_2</c>).</summary>
    public double Epsilon2 { get; }

    /// <summary>The RMS above which the update is scaled down (Keras' <c>clip_threshold</c>).</summary>
    public double ClipThreshold { get; }

    /// <summary>Keras' <c>relative_step</c>.</summary>
    public bool RelativeStep { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _rows = new Variable[variables.Count];
        _columns = new Variable[variables.Count];
        _velocities = new Variable[variables.Count];
        int maxColumns = 0;
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i];
            var dims = v.Shape.Dims;
            if (dims.Length < 2)
            {
                _rows[i] = AddVariable(Shape.Scalar, v.Name);
                _columns[i] = AddVariable(Shape.Scalar, v.Name);
            }
            else
            {
                _rows[i] = AddVariable(new Shape(dims[..^1]), v.Name);
                _columns[i] = AddVariable(new Shape([.. dims[..^2], dims[^1]]), v.Name);
                maxColumns = Math.Max(maxColumns, dims[^1]);
            }
            _velocities[i] = AddVariableFromReference(v, "velocity");
        }
        _columnSums = new float[maxColumns];
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        float t = UpdateIterations + 1;
        float rho = MathF.Min(learningRate, 1f / MathF.Sqrt(t));
        var w = variable.Data;
        float alpha = MathF.Max(_epsilon2, Rms(w)) * rho;
        float beta2 = 1f - MathF.Pow(t, _beta2Decay);
        var v = _velocities[index].Data;
        var dims = variable.Shape.Dims;
        if (dims.Length >= 2)
        {
            UpdateFactored(gradient, _rows[index].Data, _columns[index].Data, v, dims[^2], dims[^1], beta2);
        }
        else
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = beta2 * v[i] + (1f - beta2) * (gradient[i] * gradient[i] + _epsilon1);
            }
        }
        float sumOfSquares = 0f;
        for (int i = 0; i < w.Length; i++)
        {
            float u = gradient[i] / MathF.Sqrt(v[i]);
            sumOfSquares += u * u;
        }
        float scale = MathF.Max(1f, MathF.Sqrt(sumOfSquares / w.Length) / _clipThreshold);
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= alpha * (gradient[i] / MathF.Sqrt(v[i]) / scale);
        }
    }

    // r and c from the row and column means of g² + ε1, then v = (r/mean(r))ᵢ·cⱼ, for each matrix of the batch
    private void UpdateFactored(ReadOnlySpan<float> g, Span<float> r, Span<float> c, Span<float> v, int rows, int columns, float beta2)
    {
        var columnSums = _columnSums.AsSpan(0, columns);
        int matrices = g.Length / (rows * columns);
        for (int b = 0; b < matrices; b++)
        {
            var rb = r.Slice(b * rows, rows);
            var cb = c.Slice(b * columns, columns);
            columnSums.Clear();
            for (int i = 0; i < rows; i++)
            {
                var row = g.Slice((b * rows + i) * columns, columns);
                float rowSum = 0f;
                for (int j = 0; j < columns; j++)
                {
                    float q = row[j] * row[j] + _epsilon1;
                    rowSum += q;
                    columnSums[j] += q;
                }
                rb[i] = beta2 * rb[i] + (1f - beta2) * (rowSum / columns);
            }
            for (int j = 0; j < columns; j++)
            {
                cb[j] = beta2 * cb[j] + (1f - beta2) * (columnSums[j] / rows);
            }
            float rowMean = System.Numerics.Tensors.TensorPrimitives.Sum<float>(rb) / rows;
            for (int i = 0; i < rows; i++)
            {
                var vRow = v.Slice((b * rows + i) * columns, columns);
                System.Numerics.Tensors.TensorPrimitives.Multiply(cb, rb[i] / rowMean, vRow);
            }
        }
    }

    private static float Rms(ReadOnlySpan<float> x) =>
        x.Length == 0 ? 0f : MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(x) / x.Length);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["beta_2_decay"] = Beta2Decay;
        config["epsilon_1"] = Epsilon1;
        config["epsilon_2"] = Epsilon2;
        config["clip_threshold"] = ClipThreshold;
        config["relative_step"] = RelativeStep;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adafactor FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adafactor));
        return b.Restore(new Adafactor(b.LearningRate, ConfigValues.GetDouble(config, "beta_2_decay", -0.8), ConfigValues.GetDouble(config, "epsilon_1", 1e-30),
            ConfigValues.GetDouble(config, "epsilon_2", 1e-3), ConfigValues.GetDouble(config, "clip_threshold", 1.0),
            ConfigValues.GetBool(config, "relative_step", true), name: b.Name ?? "adafactor"));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// What <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/> share (Keras' <c>RNN</c> base and
/// <c>DropoutRNNCell</c>): argument checks, the input dropout mask, the time loop and the common config keys.
/// </summary>
internal static class RecurrentSupport
{
    /// <summary>Keras' check of <c>units</c>.</summary>
    public static int CheckUnits(int units) => units > 0
        ? units
        : throw new ArgumentException($"Received an invalid value for argument `units`, expected a positive integer, got {units}.", nameof(units));

    /// <summary>Keras clamps dropout rates to [0, 1] (<c>min(1.0, max(0.0, rate))</c>).</summary>
    public static double ClampRate(double rate) => double.IsNaN(rate) ? 0.0 : Math.Clamp(ConfigValues.AsWritten(rate), 0.0, 1.0);

    /// <summary>Rejects the Keras options this port does not implement.</summary>
    public static void CheckSupported(string layerName, double recurrentDropout)
    {
        if (recurrentDropout != 0.0)
        {
            throw new ArgumentException(
                $"Layer \"{layerName}\": recurrent dropout is not supported in KerasSharp; use `dropout` (on the inputs) or a Dropout layer instead. " +
                $"Received: recurrentDropout={recurrentDropout.ToString(CultureInfo.InvariantCulture)}", nameof(recurrentDropout));
        }
    }

    /// <summary>The size of the input's feature axis, checked to be defined.</summary>
    public static int InputDim(string className, Shape inputShape)
    {
        int inputDim = inputShape[^1];
        if (inputDim <= 0)
        {
            throw new ArgumentException($"The last dimension of the inputs to a {className} layer should be defined. Found None. Full input shape received: {inputShape}");
        }
        return inputDim;
    }

    /// <summary><c>(batch, units)</c>, or <c>(batch, timesteps, units)</c> with <paramref name="returnSequences"/>.</summary>
    public static Shape OutputShape(Shape inputShape, int units, bool returnSequences) =>
        returnSequences ? new Shape(inputShape[0], inputShape[1], units) : new Shape(inputShape[0], units);

    /// <summary>
    /// Keras' input dropout for recurrent cells: one mask per sample and feature, drawn once per call and shared by
    /// all timesteps; kept values are scaled by <c>1 / (1 − rate)</c>. Active only in training with 0 &lt; rate &lt; 1.
    /// </summary>
    public static Tensor DropInputs(Tensor inputs, float rate, bool training, SeedGenerator rng)
    {
        if (!training || rate <= 0f || rate >= 1f)
        {
            return inputs;
        }
        int batch = inputs.Shape[0], features = inputs.Shape[2];
        var mask = Tensor.Empty(new Shape(batch, 1, features));
        var m = mask.Data;
        float keep = 1f - rate, scale = 1f / keep;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = rng.NextDouble() < keep ? scale : 0f;
        }
        return Ops.Multiply(inputs, mask);
    }

    /// <summary>
    /// Runs a recurrence over the timesteps of <paramref name="projected"/> <c>(batch, timesteps, k·units)</c> (the
    /// inputs already multiplied by the kernel) from <paramref name="initialH"/> (zeros when null).
    /// <paramref name="step"/> maps one step's projection and the previous output to the new output. With
    /// <paramref name="goBackwards"/> the steps run last to first and, as in Keras, the returned sequence is in
    /// processing order (reversed). <paramref name="last"/> is the output of the last step processed.
    /// </summary>
    public static Tensor Run(string layerName, Tensor projected, int units, Tensor? initialH, bool goBackwards, bool returnSequences,
        Func<Tensor, Tensor, Tensor> step, out Tensor last)
    {
        int batch = projected.Shape[0], timesteps = projected.Shape[1];
        if (timesteps == 0)
        {
            throw new ArgumentException($"Layer \"{layerName}\" received an input with 0 timesteps (shape {projected.Shape.WithBatch(batch)}); it needs at least one.");
        }
        var steps = Ops.Unstack(projected, axis: 1);
        var h = initialH ?? Tensor.Zeros(new Shape(batch, units));
        var outputs = returnSequences ? new Tensor[timesteps] : null;
        for (int i = 0; i < timesteps; i++)
        {
            h = step(steps[goBackwards ? timesteps - 1 - i : i], h);
            if (outputs is not null)
            {
                outputs[i] = h;
            }
        }
        last = h;
        return outputs is null ? h : Ops.Stack(outputs, axis: 1);
    }

    /// <summary>
    /// Checks the initial states of a call (the inputs after the sequence, <c>shapes[1..]</c>): as many as the layer
    /// has states, each <c>(batch_size, units)</c> with the batch size of the sequence (-1, unknown, fits any).
    /// </summary>
    public static void CheckInitialState(string layerName, string className, int stateCount, int units, IReadOnlyList<Shape> shapes)
    {
        int count = shapes.Count - 1;
        if (count == 0)
        {
            return;
        }
        string Received() => $"Received: inputs shape {shapes[0]}, initial_state shapes [{string.Join(", ", shapes.Skip(1))}]";
        if (count != stateCount)
        {
            throw new ArgumentException($"Layer \"{layerName}\" ({className}) has {stateCount} states but was passed {count} initial states. {Received()}");
        }
        int batch = shapes[0].Rank > 0 ? shapes[0][0] : -1;
        for (int i = 1; i < shapes.Count; i++)
        {
            var s = shapes[i];
            bool fits = s.Rank == 2 && s[1] == units && (batch < 0 || s[0] < 0 || s[0] == batch);
            if (!fits)
            {
                throw new ArgumentException(
                    $"An `initial_state` was passed that is not compatible with the state size of layer \"{layerName}\" ({className}): " +
                    $"initial state {i - 1} has shape {s}, but each of its {stateCount} states must have shape (batch_size, {units}) " +
                    $"with the batch size of the inputs. {Received()}");
            }
        }
    }

    /// <summary>The flat inputs of a call with initial states: the sequence, then the states.</summary>
    public static T[] WithState<T>(T inputs, IReadOnlyList<T>? initialState)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (initialState is null || initialState.Count == 0)
        {
            return [inputs];
        }
        var all = new T[1 + initialState.Count];
        all[0] = inputs;
        for (int i = 0; i < initialState.Count; i++)
        {
            all[i + 1] = initialState[i] ?? throw new ArgumentNullException(nameof(initialState), $"Initial state {i} is null.");
        }
        return all;
    }

    /// <summary>How a call with <paramref name="states"/> initial states was made: the sequence, then <c>initial_state</c>.</summary>
    public static NodeArguments StateArguments(int states) =>
        states == 0 ? NodeArguments.Single : new NodeArguments(1, false, [("initial_state", states)]);

    /// <summary>The keys of Keras' <c>RNN.get_config</c> (options this port lacks are written with their Keras defaults).</summary>
    public static void WriteRnnConfig(JsonObject config, bool returnSequences, bool returnState, bool goBackwards)
    {
        config["return_sequences"] = returnSequences;
        config["return_state"] = returnState;
        config["go_backwards"] = goBackwards;
        config["stateful"] = false;
        config["unroll"] = false;
        config["zero_output_for_mask"] = false;
    }

    /// <summary>The cell keys shared by the three layers, in Keras' order.</summary>
    public static void WriteCellConfig(JsonObject config, int units, ActivationFunction activation, ActivationFunction? recurrentActivation,
        bool useBias, Initializer kernel, Initializer recurrent, Initializer bias)
    {
        config["units"] = units;
        config["activation"] = activation.Name;
        if (recurrentActivation is not null)
        {
            config["recurrent_activation"] = recurrentActivation.Name;
        }
        config["use_bias"] = useBias;
        config["kernel_initializer"] = Initializer.Serialize(kernel);
        config["recurrent_initializer"] = Initializer.Serialize(recurrent);
        config["bias_initializer"] = Initializer.Serialize(bias);
    }

    /// <summary>Regularizer, constraint and dropout keys, in Keras' order.</summary>
    public static void WritePenaltyConfig(JsonObject config, Regularizer? kernel, Regularizer? recurrent, Regularizer? bias,
        double dropout, double recurrentDropout)
    {
        config["kernel_regularizer"] = kernel is null ? null : Regularizer.Serialize(kernel);
        config["recurrent_regularizer"] = recurrent is null ? null : Regularizer.Serialize(recurrent);
        config["bias_regularizer"] = bias is null ? null : Regularizer.Serialize(bias);
        config["activity_regularizer"] = null;
        config["kernel_constraint"] = null;
        config["recurrent_constraint"] = null;
        config["bias_constraint"] = null;
        config["dropout"] = dropout;
        config["recurrent_dropout"] = recurrentDropout;
    }

    /// <summary>Throws for config options this port cannot honour (stateful RNNs, activity regularizers, constraints).</summary>
    public static void CheckConfig(JsonObject config, string className)
    {
        if (ConfigValues.GetBool(config, "stateful", false))
        {
            throw new ArgumentException($"Cannot rebuild {className} from its config: stateful=true is not supported in KerasSharp. Received: {config.ToJsonString()}");
        }
        foreach (var key in (string[])["activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint"])
        {
            if (config[key] is not null)
            {
                throw new ArgumentException($"Cannot rebuild {className} from its config: \"{key}\" is not supported in KerasSharp (it must be null). Received: {config[key]!.ToJsonString()}");
            }
        }
    }

    /// <summary>An activation from the config: the Keras default when the key is missing, linear when it is null.</summary>
    public static ActivationFunction ReadActivation(JsonObject config, string key, ActivationFunction fallback) =>
        config.ContainsKey(key) ? ActivationFunction.Get(LayerConfig.String(config, key)) : fallback;

    /// <summary>An initializer from the config, or null (the layer's default) when missing.</summary>
    public static Initializer? ReadInitializer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Initializer.Deserialize(node) : null;

    /// <summary>A regularizer from the config, or null.</summary>
    public static Regularizer? ReadRegularizer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Regularizer.Deserialize(node) : null;
}

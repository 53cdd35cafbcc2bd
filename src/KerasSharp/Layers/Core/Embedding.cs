using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>Embedding</c>: turns non-negative integer ids into dense vectors of fixed size by looking up rows of
/// the <c>embeddings</c> matrix <c>(inputDim, outputDim)</c>, e.g. <c>[[4], [20]] → [[0.25, 0.1], [0.6, -0.2]]</c>.
/// </summary>
/// <remarks>
/// Input shape: ids of any shape, usually <c>(batch, sequenceLength)</c>, stored as floats; like Keras' cast to
/// int32, a fractional id is truncated toward zero. Output shape: <c>(*inputShape, outputDim)</c>. An id outside
/// <c>[0, inputDim)</c> throws an <see cref="ArgumentException"/> naming the layer and the id. The gradient
/// scatter-adds into the rows that were looked up (repeated ids accumulate); the ids get no gradient. Masking is not
/// supported: <c>maskZero: true</c> is rejected, because KerasSharp layers do not propagate masks and downstream layers
/// would silently include the padding.
/// </remarks>
/// <example>
/// <code>
/// var embedding = new Embedding(1000, 64);
/// var y = embedding.Apply(Tensor.FromArray(new float[,] { { 4, 20, 7 } }));   // (1, 3, 64)
/// </code>
/// </example>
public sealed class Embedding : Layer
{
    private Variable? _embeddings;

    /// <summary>Creates an embedding layer.</summary>
    /// <param name="inputDim">Size of the vocabulary, i.e. the largest id + 1 (positive).</param>
    /// <param name="outputDim">Dimension of the dense embedding (positive).</param>
    /// <param name="embeddingsInitializer">Initializer of the matrix (Keras' <c>"uniform"</c>: <c>RandomUniform(-0.05, 0.05)</c>).</param>
    /// <param name="embeddingsRegularizer">Optional penalty on the matrix.</param>
    /// <param name="maskZero">Keras' <c>mask_zero</c>; only false is supported (masks are not propagated).</param>
    /// <param name="inputLength">Deprecated in Keras 3 and ignored, as there; declare the sequence length with <paramref name="inputShape"/>.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model, e.g. <c>[sequenceLength]</c>.</param>
    /// <param name="name">The layer name (default <c>embedding</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="inputDim"/> or <paramref name="outputDim"/> is not positive.</exception>
    /// <exception cref="NotSupportedException"><paramref name="maskZero"/> is true.</exception>
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null,
        bool maskZero = false, int? inputLength = null, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        if (inputDim <= 0)
        {
            throw new ArgumentException($"Received an invalid value for `input_dim`, expected a positive integer. Received: input_dim={inputDim}", nameof(inputDim));
        }
        if (outputDim <= 0)
        {
            throw new ArgumentException($"Received an invalid value for `output_dim`, expected a positive integer. Received: output_dim={outputDim}", nameof(outputDim));
        }
        if (maskZero)
        {
            throw new NotSupportedException(
                $"Embedding layer \"{Name}\" received mask_zero=True, which KerasSharp does not support: masks are not propagated, so downstream layers " +
                "would silently include the padded positions. Use maskZero: false.");
        }
        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddingsRegularizer;
        _ = inputLength;
    }

    /// <summary>Size of the vocabulary.</summary>
    public int InputDim { get; }

    /// <summary>Dimension of the dense embedding.</summary>
    public int OutputDim { get; }

    /// <summary>Initializer of the matrix.</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>Penalty on the matrix, if any.</summary>
    public Regularizer? EmbeddingsRegularizer { get; }

    /// <summary>Always false: masking is not supported.</summary>
    public bool MaskZero => false;

    /// <summary>The matrix <c>(inputDim, outputDim)</c>, once built.</summary>
    public Variable Embeddings => _embeddings ?? throw new InvalidOperationException($"You must build the layer \"{Name}\" before accessing `embeddings`.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) =>
        _embeddings = AddWeight("embeddings", new Shape(InputDim, OutputDim), EmbeddingsInitializer, EmbeddingsRegularizer);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var ids = inputs.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            // Keras casts the ids to int32 (truncation toward zero) before the lookup.
            if (!(ids[i] > -1f && ids[i] < InputDim))
            {
                string id = float.IsFinite(ids[i]) ? ((long)ids[i]).ToString(CultureInfo.InvariantCulture) : ids[i].ToString(CultureInfo.InvariantCulture);
                throw new ArgumentException(
                    $"Embedding layer \"{Name}\" received the id {id} (value {ids[i].ToString("R", CultureInfo.InvariantCulture)} at flat position {i} of inputs with shape {inputs.Shape}), " +
                    $"which is outside the valid range [0, {InputDim}) of input_dim={InputDim}.",
                    nameof(inputs));
            }
        }
        return Ops.Take(Embeddings, inputs);
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape.Append(OutputDim);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        config["embeddings_initializer"] = Initializer.Serialize(EmbeddingsInitializer);
        config["embeddings_regularizer"] = EmbeddingsRegularizer is null ? null : Regularizer.Serialize(EmbeddingsRegularizer);
        config["mask_zero"] = MaskZero;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>); a Keras 2 <c>input_length</c> is ignored.</summary>
    /// <param name="config">The config.</param>
    public static Embedding FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new Embedding(
            LayerConfig.Int(config, "input_dim", "Embedding"),
            LayerConfig.Int(config, "output_dim", "Embedding"),
            config["embeddings_initializer"] is JsonNode init ? Initializer.Deserialize(init) : null,
            config["embeddings_regularizer"] is JsonNode reg ? Regularizer.Deserialize(reg) : null,
            ConfigValues.GetBool(config, "mask_zero", false),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}

using System.Text.Json.Nodes;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving;

/// <summary>
/// The table from Keras class names to layer factories, used to rebuild layers and models from their configs
/// (Keras' <c>serialize_keras_object</c> / <c>deserialize_keras_object</c> for layers). Register a custom layer
/// with <see cref="RegisterLayer"/> so configs that name it can be read back.
/// </summary>
/// <example>
/// <code>
/// var json = ObjectRegistry.SerializeLayer(new Dense(4, activation: "relu"));
/// var copy = (Dense)ObjectRegistry.DeserializeLayer(json);
/// </code>
/// </example>
public static class ObjectRegistry
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<string, Func<JsonObject, Layer>> s_layers = new(StringComparer.Ordinal)
    {
        ["InputLayer"] = InputLayer.FromConfig,
        ["Dense"] = Dense.FromConfig,
        ["Activation"] = Activation.FromConfig,
        ["Dropout"] = Dropout.FromConfig,
        ["Flatten"] = Flatten.FromConfig,
        ["Reshape"] = Reshape.FromConfig,
        ["ReLU"] = ReLU.FromConfig,
        ["LeakyReLU"] = LeakyReLU.FromConfig,
        ["Softmax"] = Softmax.FromConfig,
        ["ELU"] = ELU.FromConfig,
        ["PReLU"] = PReLU.FromConfig,
        ["ThresholdedReLU"] = ThresholdedReLU.FromConfig,
        ["BatchNormalization"] = BatchNormalization.FromConfig,
        ["LayerNormalization"] = LayerNormalization.FromConfig,
        ["Embedding"] = Embedding.FromConfig,
        ["Rescaling"] = Rescaling.FromConfig,
        ["Normalization"] = Normalization.FromConfig,
        ["SpatialDropout2D"] = SpatialDropout2D.FromConfig,
        ["SimpleRNN"] = SimpleRNN.FromConfig,
        ["LSTM"] = LSTM.FromConfig,
        ["GRU"] = GRU.FromConfig,
        ["Bidirectional"] = Bidirectional.FromConfig,
        ["TimeDistributed"] = TimeDistributed.FromConfig,
        ["Conv1D"] = Conv1D.FromConfig,
        ["Conv2D"] = Conv2D.FromConfig,
        ["MaxPooling1D"] = MaxPooling1D.FromConfig,
        ["MaxPooling2D"] = MaxPooling2D.FromConfig,
        ["AveragePooling1D"] = AveragePooling1D.FromConfig,
        ["AveragePooling2D"] = AveragePooling2D.FromConfig,
        ["GlobalAveragePooling1D"] = GlobalAveragePooling1D.FromConfig,
        ["GlobalAveragePooling2D"] = GlobalAveragePooling2D.FromConfig,
        ["GlobalMaxPooling1D"] = GlobalMaxPooling1D.FromConfig,
        ["GlobalMaxPooling2D"] = GlobalMaxPooling2D.FromConfig,
        ["ZeroPadding2D"] = ZeroPadding2D.FromConfig,
        ["UpSampling2D"] = UpSampling2D.FromConfig,
        ["Add"] = Add.FromConfig,
        ["Subtract"] = Subtract.FromConfig,
        ["Multiply"] = Multiply.FromConfig,
        ["Average"] = Average.FromConfig,
        ["Maximum"] = Maximum.FromConfig,
        ["Minimum"] = Minimum.FromConfig,
        ["Concatenate"] = Concatenate.FromConfig,
        ["Dot"] = Dot.FromConfig,
        ["Sequential"] = Sequential.FromConfig,
        ["Functional"] = Model.FromConfig,
        ["Model"] = Model.FromConfig,
    };

    // user classes of any kind (losses, metrics, optimizers, layers) registered for every load
    private static readonly Dictionary<string, Func<JsonObject, object>> s_custom = new(StringComparer.Ordinal);

    // the custom objects of the load running on this thread (Keras' custom object scope)
    [ThreadStatic]
    private static IReadOnlyDictionary<string, Func<JsonObject, object>>? t_customObjects;

    /// <summary>The class names that can be deserialized.</summary>
    public static IReadOnlyCollection<string> LayerClassNames
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_layers.Keys];
            }
        }
    }

    /// <summary>Registers a layer class so that configs naming it can be deserialized.</summary>
    /// <param name="className">The class name written in configs.</param>
    /// <param name="fromConfig">Builds the layer from its config.</param>
    public static void RegisterLayer(string className, Func<JsonObject, Layer> fromConfig)
    {
        ArgumentException.ThrowIfNullOrEmpty(className);
        ArgumentNullException.ThrowIfNull(fromConfig);
        lock (s_lock)
        {
            s_layers[className] = fromConfig;
        }
    }

    /// <summary>
    /// Registers a user class of any kind — a loss, a metric, an optimizer or a layer — so that saved models naming it
    /// load without passing custom objects each time (Keras' <c>@keras.saving.register_keras_serializable()</c>).
    /// </summary>
    /// <param name="className">The class name written in configs (the class's <c>GetType().Name</c> unless it writes another).</param>
    /// <param name="fromConfig">Builds the object from its config (what its <c>GetConfig</c> returned).</param>
    /// <example>
    /// <code>
    /// ObjectRegistry.Register(nameof(ScaledMse), config => new ScaledMse(config["scale"]!.GetValue&lt;double&gt;()));
    /// </code>
    /// </example>
    public static void Register(string className, Func<JsonObject, object> fromConfig)
    {
        ArgumentException.ThrowIfNullOrEmpty(className);
        ArgumentNullException.ThrowIfNull(fromConfig);
        lock (s_lock)
        {
            s_custom[className] = fromConfig;
        }
    }

    /// <summary>
    /// The factory for a user class: the current load's custom objects first, then the registered ones; null when
    /// neither knows <paramref name="className"/>.
    /// </summary>
    internal static Func<JsonObject, object>? FindCustom(string className)
    {
        if (t_customObjects is { } scoped && scoped.TryGetValue(className, out var factory))
        {
            return factory;
        }
        lock (s_lock)
        {
            return s_custom.GetValueOrDefault(className);
        }
    }

    /// <summary>Keras 3's serialized form of a layer: <c>{"module", "class_name", "config", "registered_name"}</c>.</summary>
    /// <param name="layer">The layer.</param>
    /// <remarks>
    /// A Functional model is written as Keras 3 writes it, with its implementation module
    /// (<c>keras.src.models.functional</c>) and registered name <c>Functional</c>: Keras exports no public
    /// <c>Functional</c> class to find it by.
    /// </remarks>
    public static JsonObject SerializeLayer(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is Model { IsFunctional: true } && layer.ClassName == "Functional")
        {
            var serialized = ConfigValues.Serialize("keras.src.models.functional", "Functional", layer.GetConfig());
            serialized["registered_name"] = "Functional";
            return WithBuildConfig(serialized, layer);
        }
        string module = layer is Model ? "keras" : "keras.layers";
        return WithBuildConfig(ConfigValues.Serialize(module, layer.ClassName, layer.GetConfig()), layer);
    }

    /// <summary>True when a config naming <paramref name="className"/> can be deserialized on this thread (built in, registered, or a custom object in scope).</summary>
    internal static bool IsKnownLayer(string className)
    {
        if (t_customObjects is { } custom && custom.ContainsKey(className))
        {
            return true;
        }
        lock (s_lock)
        {
            return s_layers.ContainsKey(className) || s_custom.ContainsKey(className);
        }
    }

    // Keras records the input shape a built layer was built for, so that a loader can build it before assigning weights
    private static JsonObject WithBuildConfig(JsonObject serialized, Layer layer)
    {
        if (layer is not InputLayer && layer.BuildShapes is { Count: > 0 } shapes)
        {
            serialized["build_config"] = new JsonObject
            {
                ["input_shape"] = shapes.Count == 1
                    ? LayerConfig.ToJson(shapes[0].Dims)
                    : new JsonArray([.. shapes.Select(s => (JsonNode)LayerConfig.ToJson(s.Dims))]),
            };
        }
        return serialized;
    }

    /// <summary>Rebuilds a layer from its serialized form (Keras 3 with <c>module</c>, or Keras 2 without).</summary>
    /// <param name="serialized">The serialized layer.</param>
    /// <exception cref="ArgumentException">The class is unknown (the message lists the known ones) or the config is malformed.</exception>
    public static Layer DeserializeLayer(JsonNode serialized)
    {
        var (className, config) = ConfigValues.ReadSerialized(serialized, "layer");
        if (t_customObjects is { } custom && custom.TryGetValue(className, out var customFactory))
        {
            return customFactory(config) as Layer
                ?? throw new ArgumentException($"The custom object '{className}' did not return a layer for the layer config {serialized.ToJsonString()}.");
        }
        Func<JsonObject, Layer>? factory;
        lock (s_lock)
        {
            s_layers.TryGetValue(className, out factory);
        }
        if (factory is null && FindCustom(className) is { } registered)
        {
            return registered(config) as Layer
                ?? throw new ArgumentException($"The class '{className}' registered with ObjectRegistry.Register did not return a layer for the layer config {serialized.ToJsonString()}.");
        }
        if (factory is null)
        {
            throw new ArgumentException(
                $"Unknown layer: '{className}'. Please ensure you are using a KerasSharp layer or have registered it with ObjectRegistry.RegisterLayer. Known layers: {string.Join(", ", LayerClassNames.Order(StringComparer.Ordinal))}.");
        }
        return factory(config);
    }

    /// <summary>
    /// Makes <see cref="DeserializeLayer"/> on this thread look classes up in <paramref name="customObjects"/> first,
    /// until the result is disposed (Keras' <c>custom_object_scope</c>).
    /// </summary>
    /// <param name="customObjects">Factories by class name; null changes nothing.</param>
    internal static CustomObjectScope UseCustomObjects(IReadOnlyDictionary<string, Func<JsonObject, object>>? customObjects)
    {
        var outer = t_customObjects;
        if (customObjects is { Count: > 0 })
        {
            t_customObjects = customObjects;
        }
        return new CustomObjectScope(outer);
    }

    /// <summary>Restores the enclosing custom objects when disposed.</summary>
    internal readonly struct CustomObjectScope(IReadOnlyDictionary<string, Func<JsonObject, object>>? outer) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => t_customObjects = outer;
    }
}

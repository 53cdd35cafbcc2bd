using System.Text.Json.Nodes;

namespace KerasSharp.Saving;

/// <summary>
/// How a saved model is loaded (Keras' <c>load_model(filepath, custom_objects=None, compile=True)</c>).
/// </summary>
/// <param name="Compile">Whether to compile the model with the training configuration stored in the file.</param>
/// <param name="CustomObjects">
/// Factories for classes the library does not know, by the class name written in the file: each takes the object's
/// config and returns the layer, loss, metric or optimizer.
/// </param>
internal sealed record LoadOptions(bool Compile = true, IReadOnlyDictionary<string, Func<JsonObject, object>>? CustomObjects = null);

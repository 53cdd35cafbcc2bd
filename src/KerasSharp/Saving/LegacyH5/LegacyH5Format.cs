using KerasSharp.Models;
using PureHDF;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>Keras 2's HDF5 model format (<c>model.save("model.h5")</c>, <c>save_weights("weights.h5")</c>).</summary>
internal static class LegacyH5Format
{
    internal static Model Load(string path, LoadOptions options) => throw NotYet(path);

    internal static void Save(Model model, string path) => throw NotYet(path);

    internal static void LoadWeights(Model model, string path, bool byName, bool skipMismatch) => throw NotYet(path);

    internal static void SaveWeights(Model model, string path) => throw NotYet(path);

    internal static bool IsLegacy(IH5Group file) => file.AttributeExists("model_config") || file.AttributeExists("layer_names") || file.AttributeExists("layer_names0");

    private static NotSupportedException NotYet(string path) => new($"Legacy Keras .h5 files are not supported yet: {path}");
}

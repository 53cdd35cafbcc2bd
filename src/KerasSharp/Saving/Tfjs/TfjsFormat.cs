using KerasSharp.Models;

namespace KerasSharp.Saving.Tfjs;

/// <summary>The TF.js layers format: <c>model.json</c> and its binary weight shards.</summary>
internal static class TfjsFormat
{
    internal static Model Load(string path, LoadOptions options) => throw new NotSupportedException($"TF.js layers models are not supported yet: {path}");

    internal static void Export(Model model, string directory) => throw new NotSupportedException($"TF.js export is not supported yet: {directory}");
}

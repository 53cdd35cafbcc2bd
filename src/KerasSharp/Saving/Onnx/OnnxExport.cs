using KerasSharp.Models;

namespace KerasSharp.Saving.Onnx;

/// <summary>Writes a model as an ONNX graph.</summary>
internal static class OnnxExport
{
    internal static void Export(Model model, string path) => throw new NotSupportedException($"ONNX export is not supported yet: {path}");
}

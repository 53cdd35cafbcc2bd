using Google.Protobuf;
using KerasSharp.Models;
using Onnx;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// Writes a model as one ONNX graph (Keras' <c>model.export(filepath, format="onnx")</c>): opset
/// <see cref="Opset"/>, the Keras input names as graph inputs with a symbolic batch axis, the weights as float32
/// initializers, the model's outputs as graph outputs named after the layers that produce them.
/// </summary>
internal static class OnnxExport
{
    /// <summary>The ONNX opset the graph uses (17: the first with LayerNormalization; run by ONNX Runtime).</summary>
    public const int Opset = 17;

    internal static void Export(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = Convert(model);
        AtomicFile.Write(path, (Stream stream) => proto.WriteTo(stream));
    }

    /// <summary>The ONNX model of <paramref name="model"/>.</summary>
    internal static ModelProto Convert(Model model)
    {
        var builder = new OnnxGraphBuilder(model.Name);
        OnnxModelConverter.ConvertTopLevel(builder, model);
        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "KerasSharp",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = builder.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }
}

using KerasSharp.Layers;

namespace KerasSharp.Saving.Onnx;

/// <summary>The recurrent layers (SimpleRNN, LSTM, GRU) as ONNX RNN, LSTM and GRU.</summary>
internal static class RecurrentConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Node node, string[] inputs) => node.Layer switch
    {
        RecurrentLayer or Bidirectional or TimeDistributed => throw OnnxLayerConverter.Unsupported(node.Layer, "recurrent layers are not exported yet"),
        _ => null,
    };
}

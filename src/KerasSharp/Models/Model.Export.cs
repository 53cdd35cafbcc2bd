using KerasSharp.Saving.Onnx;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// Exports the model for inference outside KerasSharp (Keras' <c>model.export(filepath, format=...)</c>):
    /// <c>"onnx"</c> writes one ONNX file with a dynamic batch axis, for ONNX Runtime and other ONNX servers;
    /// <c>"tfjs"</c> writes a TF.js layers model (<c>model.json</c> and its weight shards) into the folder
    /// <paramref name="filepath"/>, which <c>tf.loadLayersModel</c> reads.
    /// </summary>
    /// <param name="filepath">The file (ONNX) or folder (TF.js) to write.</param>
    /// <param name="format"><c>"onnx"</c> or <c>"tfjs"</c>.</param>
    /// <exception cref="ArgumentException">The format is not one of those.</exception>
    /// <exception cref="NotSupportedException">A layer of the model cannot be expressed in the format (the message names it).</exception>
    public void Export(string filepath, string format)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        ArgumentNullException.ThrowIfNull(format);
        switch (format)
        {
            case "onnx":
                OnnxExport.Export(this, filepath);
                break;
            case "tfjs":
                TfjsFormat.Export(this, filepath);
                break;
            default:
                throw new ArgumentException(
                    $"Unrecognized format={format}. Supported formats are: 'onnx', 'tfjs' ('tf_saved_model' and 'openvino' need their runtimes, which KerasSharp does not use).",
                    nameof(format));
        }
    }
}

using KerasSharp.Models;
using KerasSharp.Utils;

namespace KerasSharp;

public static partial class Keras
{
    /// <summary>
    /// Utilities in the spirit of <c>keras.utils</c>: drawing a model's layer graph (<see cref="PlotModel"/>,
    /// <see cref="ModelToDot"/>), preparing labels and arrays (<see cref="ToCategorical(int[], int?)"/>,
    /// <c>Normalize</c>, <c>PadSequences</c>) and data sources (<c>TimeseriesDatasetFromArray</c>,
    /// <c>SplitDataset</c>).
    /// </summary>
    /// <example>
    /// <code>
    /// Keras.Utils.PlotModel(model, "model.png", showShapes: true);   // like keras.utils.plot_model(model, "model.png", show_shapes=True)
    /// </code>
    /// </example>
    public static partial class Utils
    {
        /// <summary>
        /// The model's layer graph in Graphviz' DOT language, like Keras' <c>keras.utils.model_to_dot</c> (which returns
        /// a pydot graph; this returns its text). Each layer is a box labelled with its name and class; edges follow
        /// the layer calls, a Sequential model as a chain, a Functional model with its merges and several inputs and
        /// outputs; a nested model is one box, or with <paramref name="expandNested"/> a dashed cluster of its layers.
        /// A subclassed model is one box.
        /// </summary>
        /// <param name="model">A built model.</param>
        /// <param name="showShapes">Whether each box shows the layer's input and output shapes, as Keras prints them (<c>(None, 784)</c>).</param>
        /// <param name="showDtype">Whether each box shows the output dtype (always <c>float32</c> here).</param>
        /// <param name="showLayerNames">Whether each box shows the layer's name before its class (else the class alone).</param>
        /// <param name="rankDir">Graphviz' <c>rankdir</c>: <c>"TB"</c> for a vertical plot, <c>"LR"</c> for a horizontal one (also <c>"BT"</c>, <c>"RL"</c>).</param>
        /// <param name="expandNested">Whether nested Functional and Sequential models are expanded into clusters.</param>
        /// <param name="dpi">The image resolution in dots per inch.</param>
        /// <param name="showLayerActivations">Whether layers that have an activation (Dense, convolutions, recurrent layers, Activation) show it.</param>
        /// <param name="showTrainable">Whether layers that have weights show whether they are trainable.</param>
        /// <param name="splines">How edges are drawn: <c>"ortho"</c> (right angles, the default), <c>"curved"</c>, <c>"polyline"</c>, <c>"spline"</c> or <c>"line"</c>.</param>
        /// <returns>The DOT text, a <c>digraph</c>.</returns>
        /// <exception cref="InvalidOperationException">The model has not been built yet.</exception>
        /// <exception cref="ArgumentException">An unknown <paramref name="rankDir"/> or <paramref name="splines"/>, or a <paramref name="dpi"/> that is not positive.</exception>
        public static string ModelToDot(Model model, bool showShapes = false, bool showDtype = false, bool showLayerNames = true,
            string rankDir = "TB", bool expandNested = false, int dpi = 200, bool showLayerActivations = false,
            bool showTrainable = false, string splines = "ortho") =>
            ModelPlot.ToDot(model, new ModelPlotOptions(showShapes, showDtype, showLayerNames, rankDir, expandNested, dpi,
                showLayerActivations, showTrainable, splines));

        /// <summary>
        /// Draws the model's layer graph to a file, like Keras' <c>keras.utils.plot_model</c>; the options are those of
        /// <see cref="ModelToDot"/>. The file's extension picks the format: <c>.dot</c> or <c>.gv</c> writes the DOT
        /// text (no other program needed); <c>.png</c> (also when there is no extension), <c>.svg</c>, <c>.pdf</c>,
        /// <c>.jpg</c>/<c>.jpeg</c> and <c>.gif</c> run Graphviz' <c>dot</c> program, found on <c>PATH</c>. The file is
        /// written in full or not at all (a temporary file renamed over it).
        /// </summary>
        /// <param name="model">A built model.</param>
        /// <param name="toFile">The file to write.</param>
        /// <param name="showShapes">Whether each box shows the layer's input and output shapes.</param>
        /// <param name="showDtype">Whether each box shows the output dtype.</param>
        /// <param name="showLayerNames">Whether each box shows the layer's name before its class.</param>
        /// <param name="rankDir"><c>"TB"</c> for a vertical plot, <c>"LR"</c> for a horizontal one.</param>
        /// <param name="expandNested">Whether nested Functional and Sequential models are expanded into clusters.</param>
        /// <param name="dpi">The image resolution in dots per inch.</param>
        /// <param name="showLayerActivations">Whether layers that have an activation show it.</param>
        /// <param name="showTrainable">Whether layers that have weights show whether they are trainable.</param>
        /// <param name="splines">How edges are drawn (<c>"ortho"</c> by default).</param>
        /// <example>
        /// <code>
        /// Keras.Utils.PlotModel(model, "model.png", showShapes: true);
        /// Keras.Utils.PlotModel(model, "model.dot");   // DOT text, Graphviz not needed
        /// </code>
        /// </example>
        /// <exception cref="InvalidOperationException">
        /// The model has not been built; or the format needs Graphviz and its <c>dot</c> program is not installed (write
        /// a <c>.dot</c> file instead, or install it, e.g. <c>sudo apt-get install graphviz</c>); or <c>dot</c> failed
        /// (its error output is in the message) or did not finish within a minute.
        /// </exception>
        /// <exception cref="ArgumentException">An extension that is not one of the formats above, or an invalid option.</exception>
        public static void PlotModel(Model model, string toFile = "model.png", bool showShapes = false, bool showDtype = false,
            bool showLayerNames = true, string rankDir = "TB", bool expandNested = false, int dpi = 200,
            bool showLayerActivations = false, bool showTrainable = false, string splines = "ortho")
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(toFile);
            string extension = Path.GetExtension(toFile).TrimStart('.');
            if (extension.Length == 0)
            {
                extension = "png";
            }
            bool text = extension.Equals("dot", StringComparison.OrdinalIgnoreCase) || extension.Equals("gv", StringComparison.OrdinalIgnoreCase);
            if (!text && !Graphviz.Formats.ContainsKey(extension))
            {
                throw new ArgumentException(
                    $"Received an invalid file extension for `toFile`, expected one of {KerasSharp.Utils.Python.List(["dot", "gv", .. Graphviz.Formats.Keys])}. Received: toFile={toFile}",
                    nameof(toFile));
            }
            string dot = ModelToDot(model, showShapes, showDtype, showLayerNames, rankDir, expandNested, dpi,
                showLayerActivations, showTrainable, splines);
            if (text)
            {
                WriteTextAtomically(toFile, dot);
            }
            else
            {
                Graphviz.Render(dot, Graphviz.Formats[extension], toFile);
            }
        }

        private static void WriteTextAtomically(string toFile, string text)
        {
            string target = Path.GetFullPath(toFile);
            string temp = Graphviz.TempPathNextTo(target);
            try
            {
                File.WriteAllText(temp, text);
                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
    }
}

namespace KerasSharp.Utils;

/// <summary>What a model plot shows, Keras' <c>model_to_dot</c> options.</summary>
/// <param name="ShowShapes">Whether each box shows the layer's input and output shapes.</param>
/// <param name="ShowDtype">Whether each box shows the output dtype.</param>
/// <param name="ShowLayerNames">Whether each box shows the layer's name before its class.</param>
/// <param name="RankDir">Graphviz' <c>rankdir</c>: <c>TB</c> (vertical), <c>LR</c> (horizontal), <c>BT</c> or <c>RL</c>.</param>
/// <param name="ExpandNested">Whether nested Functional and Sequential models are drawn as clusters of their layers.</param>
/// <param name="Dpi">The image resolution in dots per inch.</param>
/// <param name="ShowLayerActivations">Whether layers that have an activation show it.</param>
/// <param name="ShowTrainable">Whether layers that have weights show whether they are trainable.</param>
/// <param name="Splines">Graphviz' <c>splines</c>: how edges are drawn (<c>ortho</c>, <c>curved</c>, <c>polyline</c>, <c>spline</c>, <c>line</c>).</param>
internal sealed record ModelPlotOptions(
    bool ShowShapes = false,
    bool ShowDtype = false,
    bool ShowLayerNames = true,
    string RankDir = "TB",
    bool ExpandNested = false,
    int Dpi = 200,
    bool ShowLayerActivations = false,
    bool ShowTrainable = false,
    string Splines = "ortho");

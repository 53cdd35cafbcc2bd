using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Applying a layer to symbolic tensors (the Functional API): the inputs are checked, the layer is built for their
/// shapes, its output shapes are inferred and a <see cref="Node"/> records the call. Nothing is computed, except for a
/// user-defined layer that does not say its output shape: it is run once on zeros (one sample) to find it out.
/// </summary>
internal static class SymbolicCall
{
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    public static IReadOnlyList<KerasTensor> Apply(Layer layer, IReadOnlyList<KerasTensor> inputs, NodeArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var shapes = new Shape[inputs.Count];
        for (int i = 0; i < shapes.Length; i++)
        {
            shapes[i] = (inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} of layer \"{layer.Name}\" is null.")).Shape;
        }
        layer.CheckInputs(shapes);
        layer.EnsureBuilt(shapes);
        layer.CheckInputs(shapes);   // Build may have set a stricter spec
        var outer = LayerContext.Enter(layer.Name);
        IReadOnlyList<Shape> outputShapes;
        try
        {
            outputShapes = OutputShapes(layer, shapes);
        }
        finally
        {
            LayerContext.Exit(outer);
        }
        return layer.AddNode(inputs, arguments, outputShapes).Outputs;
    }

    /// <summary>
    /// The output shapes of a built layer for input shapes: its own <c>ComputeOutputShapes</c> when the layer is the
    /// library's or declares it, else from a run on zeros.
    /// </summary>
    internal static IReadOnlyList<Shape> OutputShapes(Layer layer, Shape[] shapes)
    {
        if (DeclaresOutputShape(layer))
        {
            return layer.ComputeOutputShapes(shapes);
        }
        return DryRun(layer, shapes);
    }

    /// <summary>Whether the layer's <c>ComputeOutputShape</c> can be trusted: it is the library's, or the user's layer overrides it.</summary>
    internal static bool DeclaresOutputShape(Layer layer) => Utils.LibraryCode.Is(layer) || CallForms.Of(layer.GetType()).OutputShape;

    /// <summary>
    /// Runs the layer on zeros with one sample for every unknown dimension and reads its output shapes (also how a
    /// subclassed model is built: the run builds and tracks the layers its call uses).
    /// </summary>
    internal static Shape[] DryRun(Layer layer, IReadOnlyList<Shape> shapes)
    {
        using var call = TrackedLayers.Enter(layer);
        return call.Completed(RunOnZeros(layer, shapes));
    }

    private static Shape[] RunOnZeros(Layer layer, IReadOnlyList<Shape> shapes)
    {
        using (TensorArena.Suspend())
        {
            var zeros = new Tensor[shapes.Count];
            for (int i = 0; i < zeros.Length; i++)
            {
                var dims = shapes[i].ToArray();
                for (int d = 0; d < dims.Length; d++)
                {
                    dims[d] = dims[d] == -1 ? 1 : dims[d];
                }
                zeros[i] = Tensor.Zeros(new Shape(dims));
            }
            var outputs = layer.Invoke(zeros, training: false);
            bool batchUnknown = shapes[0].Rank > 0 && shapes[0][0] == -1;
            var result = new Shape[outputs.Count];
            for (int i = 0; i < result.Length; i++)
            {
                var shape = outputs[i].Shape;
                result[i] = batchUnknown && shape.Rank > 0 ? shape.WithBatch(-1) : shape;
            }
            return result;
        }
    }
}

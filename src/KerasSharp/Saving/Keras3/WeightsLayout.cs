using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving.Keras3;

/// <summary>
/// Where each object's variables live in a Keras 3 weights file (<c>model.weights.h5</c> inside a <c>.keras</c>
/// archive, or a standalone <c>.weights.h5</c>), as Keras' <c>saving_lib</c> lays them out: one group per object,
/// addressed by its path from the model, with a child <c>vars</c> holding datasets <c>0</c>, <c>1</c>, … in variable
/// order (trainable, then non-trainable).
/// </summary>
/// <remarks>
/// The layers of a model sit under <c>layers/</c>, each named by its snake_case class name made unique
/// (<c>dense</c>, <c>dense_1</c>, …), not by the layer's name, so that two instances of one architecture share
/// paths. A recurrent layer keeps its weights in its cell (<c>lstm/cell/vars</c>), a <c>Bidirectional</c> in
/// <c>forward_layer</c> and <c>backward_layer</c>, a <c>TimeDistributed</c> in <c>layer</c>, as Keras' attributes
/// are named. A layer reached twice (shared) is stored once, at its first path. The optimizer's variables are at
/// <c>optimizer/vars</c> (iteration count first).
/// </remarks>
internal static class WeightsLayout
{
    /// <summary>One object's place in the file.</summary>
    /// <param name="Path">The group path, e.g. <c>layers/dense</c> (empty for the model itself).</param>
    /// <param name="Name">The object's name, stored as the <c>name</c> attribute of its <c>vars</c> group.</param>
    /// <param name="Variables">Its variables in storage order.</param>
    /// <param name="Owner">The layer, for messages.</param>
    internal readonly record struct Entry(string Path, string Name, IReadOnlyList<Variable> Variables, Layer Owner)
    {
        /// <summary>The path of the <c>vars</c> group.</summary>
        public string VarsPath => Path.Length == 0 ? "vars" : $"{Path}/vars";
    }

    /// <summary>The model's objects in Keras' order: the model, then its layers depth first.</summary>
    public static List<Entry> Of(Model model)
    {
        var entries = new List<Entry>();
        Walk(model, "", entries, new HashSet<Layer>(ReferenceEqualityComparer.Instance));
        return entries;
    }

    /// <summary>Keras' snake_case of a class name (<c>BatchNormalization</c> → <c>batch_normalization</c>).</summary>
    private static string SnakeName(Layer layer) => Keras.ToSnakeCase(layer.ClassName);

    private static void Walk(Layer layer, string path, List<Entry> entries, HashSet<Layer> visited)
    {
        if (!visited.Add(layer))
        {
            return;
        }
        switch (layer)
        {
            case RecurrentLayer recurrent:
                // Keras' recurrent layers hold no variables of their own; their cell does
                entries.Add(new Entry(path, layer.Name, [], layer));
                entries.Add(new Entry(Join(path, "cell"), $"{SnakeName(recurrent)}_cell", recurrent.OwnVariables, layer));
                return;
            case Bidirectional bidirectional:
                entries.Add(new Entry(path, layer.Name, layer.OwnVariables, layer));
                Walk(bidirectional.BackwardLayer, Join(path, "backward_layer"), entries, visited);
                Walk(bidirectional.ForwardLayer, Join(path, "forward_layer"), entries, visited);
                return;
            case TimeDistributed timeDistributed:
                entries.Add(new Entry(path, layer.Name, layer.OwnVariables, layer));
                Walk(timeDistributed.Layer, Join(path, "layer"), entries, visited);
                return;
            default:
                entries.Add(new Entry(path, layer.Name, layer.OwnVariables, layer));
                // a model's layers, and the sub-layers a user-defined layer tracks, form Keras' "layers" container
                var used = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var child in layer.SubLayers)
                {
                    Walk(child, Join(Join(path, "layers"), UniqueName(SnakeName(child), used)), entries, visited);
                }
                return;
        }
    }

    // Keras' _get_unique_name: dense, dense_1, dense_2, …
    private static string UniqueName(string name, Dictionary<string, int> used)
    {
        if (used.TryGetValue(name, out int count))
        {
            used[name] = count + 1;
            return $"{name}_{count + 1}";
        }
        used[name] = 0;
        return name;
    }

    private static string Join(string path, string child) => path.Length == 0 ? child : $"{path}/{child}";
}

using KerasSharp.Utils;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using PureHDF;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>
/// The weights part of Keras' legacy HDF5 format (<c>keras/src/legacy/saving/legacy_h5_format.py</c>): a group with
/// the attribute <c>layer_names</c> (every layer of <c>model.layers</c>, in order) and one subgroup per layer whose
/// attribute <c>weight_names</c> lists its weights, trainable first, each a dataset at that path inside the subgroup;
/// weights of the model itself go in <c>top_level_model_weights</c>. Loading goes by order (the layers that have
/// weights, in turn) or by layer name, and checks every count and shape before assigning anything.
/// </summary>
internal static class LegacyWeights
{
    /// <summary>The group of a model's own weights (those of no layer), which Keras 2.15 and Keras 3 write.</summary>
    public const string TopLevelGroup = "top_level_model_weights";

    /// <summary>A layer's weights in the order the format stores them (Keras' <c>_legacy_weights</c>): trainable, then non-trainable.</summary>
    public static List<Variable> Of(Layer layer) => [.. layer.TrainableWeights, .. layer.NonTrainableWeights];

    /// <summary>Writes <c>layer_names</c>, <c>backend</c>, <c>keras_version</c> and the layers' groups into <paramref name="group"/>.</summary>
    public static void Save(H5Group group, Model model, string kerasVersion)
    {
        var layers = model.Layers;
        H5Write.Strings(group, "layer_names", [.. layers.Select(l => l.Name)]);
        group.Attributes["backend"] = LegacyH5Format.Backend;
        group.Attributes["keras_version"] = kerasVersion;
        // Keras creates the groups in sorted order, so that no name is created after one it is a prefix of
        foreach (var layer in layers.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            if (group.ContainsKey(layer.Name))
            {
                throw new InvalidOperationException($"Cannot save model \"{model.Name}\": two layers are named \"{layer.Name}\". All layer names should be unique.");
            }
            SaveSubset(H5Write.Group(group, layer.Name), Of(layer));
        }
        SaveSubset(H5Write.Group(group, TopLevelGroup), OwnWeights(model));
    }

    /// <summary>Writes <c>weight_names</c> and one dataset per weight, named as Keras 2 names variables (<c>dense/kernel:0</c>).</summary>
    public static void SaveSubset(H5Group group, IReadOnlyList<Variable> weights)
    {
        var names = new List<string>(weights.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var weight in weights)
        {
            string name = $"{weight.Path}:0";
            for (int i = 1; !used.Add(name); i++)
            {
                name = $"{weight.Path}_{i}:0";
            }
            names.Add(name);
            H5Write.Dataset(group, name, weight.Value.Span, weight.Shape.Dims);
        }
        H5Write.Strings(group, "weight_names", names);
    }

    /// <summary>
    /// Reads every saved layer's weights (the layers listed in <c>layer_names</c> that have any, in order) and the
    /// top-level weights, checking each dataset's declared size against the file before reading it.
    /// </summary>
    /// <exception cref="InvalidDataException">A listed layer group or weight dataset is missing, or a size cannot be real.</exception>
    public static Saved Read(IH5Group group, string file)
    {
        var layers = new List<SavedLayer>();
        foreach (var name in LayerNames(group, file))
        {
            var layerGroup = LayerGroup(group, name, file);
            var weightNames = H5Read.Strings(layerGroup, "weight_names", file);
            if (weightNames.Count > 0)
            {
                layers.Add(new SavedLayer(name, ReadSubset(layerGroup, weightNames, file)));
            }
        }
        SavedLayer? topLevel = H5Read.Find(group, TopLevelGroup) is IH5Group top
            ? new SavedLayer(TopLevelGroup, ReadSubset(top, H5Read.Strings(top, "weight_names", file), file))
            : null;
        return new Saved(layers, topLevel);
    }

    /// <summary>
    /// Loads by order (Keras' <c>load_weights_from_hdf5_group</c>): the file's layers that have weights are matched in
    /// turn to the model's layers that have weights.
    /// </summary>
    /// <exception cref="InvalidDataException">The layer or weight counts differ, a weight is missing, or (without <paramref name="skipMismatch"/>) a shape differs.</exception>
    public static void Load(IH5Group group, Model model, bool skipMismatch, string file) => Load(Read(group, file), model, skipMismatch, file);

    /// <summary>Loads weights already read with <see cref="Read"/> by order.</summary>
    /// <exception cref="InvalidDataException">The layer or weight counts differ, or (without <paramref name="skipMismatch"/>) a shape differs.</exception>
    public static void Load(Saved saved, Model model, bool skipMismatch, string file)
    {
        var filteredLayers = model.Layers.Where(l => Of(l).Count > 0).ToList();
        if (saved.Layers.Count != filteredLayers.Count)
        {
            throw new InvalidDataException(
                $"Layer count mismatch when loading weights from file '{file}'. Model expected {filteredLayers.Count} layers, found {saved.Layers.Count} saved layers. " +
                $"Model layers with weights: [{string.Join(", ", filteredLayers.Select(l => l.Name))}]; saved layers with weights: [{string.Join(", ", saved.Layers.Select(s => s.Name))}].");
        }
        var assignments = new List<(Variable Variable, float[] Values)>();
        for (int k = 0; k < saved.Layers.Count; k++)
        {
            var layer = filteredLayers[k];
            var variables = Of(layer);
            var values = saved.Layers[k].Values;
            if (values.Count != variables.Count)
            {
                throw new InvalidDataException(
                    $"Weight count mismatch for layer #{k} (named {layer.Name} in the current model, {saved.Layers[k].Name} in the save file '{file}'). " +
                    $"Layer expects {variables.Count} weight(s). Received {values.Count} saved weight(s)");
            }
            Match(variables, values, $"layer #{k} (named {layer.Name})", skipMismatch, file, assignments);
        }
        if (saved.TopLevel is { } topLevel)
        {
            MatchTopLevel(topLevel.Values, model, skipMismatch, byName: false, file, assignments);
        }
        Assign(assignments);
    }

    /// <summary>
    /// Loads by layer name (Keras' <c>load_weights_from_hdf5_group_by_name</c>): each saved layer's weights go to the
    /// model's layers of that name; layers without a match are left as they are.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A weight is missing, or (without <paramref name="skipMismatch"/>) a weight count or shape differs.
    /// </exception>
    public static void LoadByName(IH5Group group, Model model, bool skipMismatch, string file)
    {
        var index = new Dictionary<string, List<Layer>>(StringComparer.Ordinal);
        foreach (var layer in model.Layers)
        {
            if (!index.TryGetValue(layer.Name, out var list))
            {
                index[layer.Name] = list = [];
            }
            list.Add(layer);
        }
        var assignments = new List<(Variable Variable, float[] Values)>();
        var layerNames = LayerNames(group, file);
        for (int k = 0; k < layerNames.Count; k++)
        {
            string name = layerNames[k];
            if (!index.TryGetValue(name, out var layers))
            {
                continue;
            }
            var layerGroup = LayerGroup(group, name, file);
            var values = ReadSubset(layerGroup, H5Read.Strings(layerGroup, "weight_names", file), file);
            foreach (var layer in layers)
            {
                var variables = Of(layer);
                if (values.Count != variables.Count)
                {
                    string message = $"layer #{k} (named {layer.Name}) due to mismatch in number of weights. Layer expects {variables.Count} weight(s). Received {values.Count} saved weight(s)";
                    if (skipMismatch)
                    {
                        Warnings.Warn($"Skipping loading of weights for {message} (file '{file}').");
                        continue;
                    }
                    throw new InvalidDataException(
                        $"Weight count mismatch for layer #{k} (named {layer.Name}) in the save file '{file}'. Layer expects {variables.Count} weight(s). Received {values.Count} saved weight(s)");
                }
                Match(variables, values, $"layer #{k} (named {layer.Name})", skipMismatch, file, assignments);
            }
        }
        if (H5Read.Find(group, TopLevelGroup) is IH5Group topLevel)
        {
            MatchTopLevel(ReadSubset(topLevel, H5Read.Strings(topLevel, "weight_names", file), file), model, skipMismatch, byName: true, file, assignments);
        }
        Assign(assignments);
    }

    /// <summary>The model's own weights, those of none of its layers (Keras' top-level weights).</summary>
    private static List<Variable> OwnWeights(Model model)
    {
        var inLayers = new HashSet<Variable>(model.Layers.SelectMany(l => l.Weights), ReferenceEqualityComparer.Instance);
        return Of(model).Where(v => !inLayers.Contains(v)).ToList();
    }

    private static List<string> LayerNames(IH5Group group, string file)
    {
        if (!H5Read.HasList(group, "layer_names"))
        {
            throw new InvalidDataException(
                $"The file '{file}' has no Keras weights: the group '{H5Read.Where(group)}' has no 'layer_names' attribute.");
        }
        return H5Read.Strings(group, "layer_names", file);
    }

    private static IH5Group LayerGroup(IH5Group group, string name, string file) =>
        H5Read.Find(group, name) as IH5Group
        ?? throw new InvalidDataException($"The file '{file}' lists the layer '{name}' in 'layer_names' but has no group for it in '{H5Read.Where(group)}'.");

    private static List<(string Name, float[] Values, int[] Shape)> ReadSubset(IH5Group group, List<string> weightNames, string file)
    {
        var values = new List<(string, float[], int[])>(weightNames.Count);
        foreach (var name in weightNames)
        {
            if (H5Read.Find(group, name) is not IH5Dataset dataset)
            {
                throw new InvalidDataException(
                    $"The file '{file}' is missing the weight '{name}': the group '{H5Read.Where(group)}' lists it in 'weight_names' but has no dataset at that path.");
            }
            var (data, shape) = H5Read.Floats(dataset, $"'{name}' of '{H5Read.Where(group)}'", file);
            values.Add((name, data, shape));
        }
        return values;
    }

    private static void Match(List<Variable> variables, List<(string Name, float[] Values, int[] Shape)> values, string owner,
        bool skipMismatch, string file, List<(Variable, float[])> assignments)
    {
        for (int i = 0; i < values.Count; i++)
        {
            var variable = variables[i];
            var (name, data, shape) = values[i];
            if (variable.Shape != new Shape(shape))
            {
                string message = $"{owner} for weight {variable.Path}. Weight expects shape {variable.Shape}. Received saved weight '{name}' with shape {new Shape(shape)} (file '{file}')";
                if (skipMismatch)
                {
                    Warnings.Warn($"Skipping loading weights for {owner} due to mismatch in shape for weight {variable.Path}. Weight expects shape {variable.Shape}. Received saved weight '{name}' with shape {new Shape(shape)} (file '{file}').");
                    continue;
                }
                throw new InvalidDataException($"Shape mismatch in {message}.");
            }
            assignments.Add((variable, data));
        }
    }

    private static void MatchTopLevel(List<(string Name, float[] Values, int[] Shape)> values, Model model, bool skipMismatch, bool byName, string file,
        List<(Variable, float[])> assignments)
    {
        var variables = OwnWeights(model);
        if (values.Count != variables.Count)
        {
            if (byName && skipMismatch)
            {
                Warnings.Warn(
                    $"Skipping loading top-level weights for model due to mismatch in number of weights. Model expects {variables.Count} top-level weight(s). Received {values.Count} saved top-level weight(s) (file '{file}').");
                return;
            }
            throw new InvalidDataException(
                $"Weight count mismatch for top-level weights when loading weights from file '{file}'. Model expects {variables.Count} top-level weight(s). Received {values.Count} saved top-level weight(s)");
        }
        Match(variables, values, "top-level model", skipMismatch, file, assignments);
    }

    private static void Assign(List<(Variable Variable, float[] Values)> assignments)
    {
        foreach (var (variable, values) in assignments)
        {
            variable.Assign(values);
        }
    }

    /// <summary>A saved layer's weights: its name in the file and, in <c>weight_names</c> order, each weight's name, values and shape.</summary>
    internal sealed record SavedLayer(string Name, List<(string Name, float[] Values, int[] Shape)> Values);

    /// <summary>The weights of a <c>model_weights</c> group (or a weights-only file): the layers that have weights, and the top-level ones.</summary>
    internal sealed record Saved(List<SavedLayer> Layers, SavedLayer? TopLevel)
    {
        /// <summary>How many values they hold in all.</summary>
        public long Elements => Layers.Append(TopLevel).Sum(l => l?.Values.Sum(v => (long)v.Values.Length) ?? 0);
    }
}

using KerasSharp.Utils;
using KerasSharp.Engine;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving.Hdf5;
using PureHDF;

namespace KerasSharp.Saving.Keras3;

/// <summary>
/// The HDF5 weights store of Keras 3 (<c>H5IOStore</c> in <c>keras/src/saving/saving_lib.py</c>): the model's state
/// in the layout of <see cref="WeightsLayout"/>, and the optimizer's at <c>optimizer/vars</c>. It is the
/// <c>model.weights.h5</c> entry of a <c>.keras</c> archive and the whole of a <c>.weights.h5</c> file.
/// </summary>
internal static class WeightsFile
{
    private const string OptimizerPath = "optimizer/vars";

    /// <summary>Writes a standalone <c>.weights.h5</c> file (Keras' <c>save_weights</c>), atomically.</summary>
    public static void Save(Model model, string path)
    {
        var file = new H5File();
        Write(file, model);
        H5Write.Atomically(file, path);
    }

    /// <summary>Loads a standalone <c>.weights.h5</c> file into a built model (Keras' <c>load_weights</c>).</summary>
    public static void Load(Model model, string path, bool skipMismatch)
    {
        using var file = H5Read.Open(path);
        Read(file, model, skipMismatch, path);
    }

    /// <summary>Writes the model's variables (and its optimizer's, once built) into <paramref name="root"/>.</summary>
    public static void Write(H5Group root, Model model)
    {
        foreach (var entry in WeightsLayout.Of(model))
        {
            var vars = H5Write.Group(root, entry.VarsPath);
            vars.Attributes["name"] = entry.Name;
            for (int i = 0; i < entry.Variables.Count; i++)
            {
                var variable = entry.Variables[i];
                H5Write.Dataset(vars, i.ToString(System.Globalization.CultureInfo.InvariantCulture), variable.Value.Span, variable.Shape.Dims);
            }
        }
        if (model.Optimizer is { Built: true } optimizer)
        {
            var vars = H5Write.Group(root, OptimizerPath);
            vars.Attributes["name"] = optimizer.Name;
            var variables = optimizer.Variables;
            for (int i = 0; i < variables.Count; i++)
            {
                string key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (i == 0)
                {
                    H5Write.Scalar(vars, key, optimizer.Iterations);
                }
                else
                {
                    H5Write.Dataset(vars, key, variables[i].Value.Span, variables[i].Shape.Dims);
                }
            }
        }
    }

    /// <summary>
    /// Assigns the stored variables to the model (Keras' <c>_load_state</c>): each object's <c>vars</c> must hold as
    /// many datasets as it has variables, each of the variable's shape. With <paramref name="skipMismatch"/> an object
    /// that does not fit keeps its values and a warning names it. The optimizer's state is restored when the model has
    /// an optimizer and the file has its variables; when their count differs, it is skipped with Keras' warning.
    /// Everything is read and checked before any variable changes, so a failed load leaves the model as it was.
    /// </summary>
    /// <exception cref="InvalidDataException">A layer's stored variables do not fit it (the message names the layer, the file and both shapes).</exception>
    public static void Read(IH5Group root, Model model, bool skipMismatch, string file)
    {
        var plan = new List<(Variable Variable, float[] Values)>();
        foreach (var entry in WeightsLayout.Of(model))
        {
            if (StoredOf(root, entry, file) is not { } stored)
            {
                if (entry.Variables.Count == 0)
                {
                    continue;
                }
                stored = [];
            }
            if (Check(entry, stored, file) is { } problem)
            {
                if (!skipMismatch)
                {
                    throw new InvalidDataException(problem);
                }
                Warnings.Warn($"Skipping loading weights for layer '{entry.Owner.Name}': {problem}");
                continue;
            }
            for (int i = 0; i < stored.Count; i++)
            {
                plan.Add((entry.Variables[i], stored[i].Read(file)));
            }
        }
        long? iterations = model.Optimizer is { } optimizer && H5Read.Find(root, OptimizerPath) is IH5Group optimizerVars
            ? ReadOptimizer(optimizerVars, optimizer, model, file, plan)
            : null;
        foreach (var (variable, values) in plan)
        {
            variable.Assign(values);
        }
        if (iterations is long count)
        {
            model.Optimizer!.RestoreIterations(count);
        }
    }

    // adds the optimizer's slots to the plan and returns its iteration count, or null when its state is skipped
    private static long? ReadOptimizer(IH5Group vars, Optimizer optimizer, Model model, string file, List<(Variable, float[])> plan)
    {
        var stored = Datasets(vars, file, $"optimizer '{optimizer.Name}'");
        if (stored.Count == 0)
        {
            return null;
        }
        optimizer.EnsureBuilt(model.TrainableWeights);
        var variables = optimizer.Variables;
        if (variables.Count != stored.Count)
        {
            Warnings.Warn(
                $"Skipping variable loading for optimizer '{optimizer.Name}', because it has {variables.Count} variables whereas the saved optimizer in '{file}' has {stored.Count} variables.");
            return null;
        }
        for (int i = 0; i < stored.Count; i++)
        {
            if (variables[i].Shape != new Shape(stored[i].Shape))
            {
                Warnings.Warn(
                    $"Skipping variable loading for optimizer '{optimizer.Name}': its variable {i} ('{variables[i].Name}') has shape {variables[i].Shape}, but '{file}' stores shape {new Shape(stored[i].Shape)}.");
                return null;
            }
        }
        for (int i = 1; i < stored.Count; i++)
        {
            plan.Add((variables[i], stored[i].Read(file)));
        }
        return stored[0].Exact() ?? (long)stored[0].Read(file)[0];
    }

    private static string? Check(WeightsLayout.Entry entry, List<Stored> stored, string file)
    {
        var variables = entry.Variables;
        if (stored.Count != variables.Count)
        {
            return $"Layer '{entry.Owner.Name}' expected {variables.Count} variables, but received {stored.Count} variables during loading from '{file}' (at {entry.VarsPath}). " +
                $"Expected: [{string.Join(", ", variables.Select(v => $"'{v.Name}'"))}]";
        }
        for (int i = 0; i < stored.Count; i++)
        {
            var shape = new Shape(stored[i].Shape);
            if (shape != variables[i].Shape)
            {
                return $"Layer '{entry.Owner.Name}' weight '{variables[i].Name}' has shape {variables[i].Shape}, but '{file}' stores shape {shape} for it (at {entry.VarsPath}/{i}).";
            }
        }
        return null;
    }

    /// <summary>A stored variable whose shape is known and whose values are read only once it is checked.</summary>
    private sealed record Stored(IH5Dataset Dataset, int[] Shape, string Where)
    {
        public float[] Read(string file) => H5Read.Floats(Dataset, Where, file).Values;

        /// <summary>An int64 scalar exactly (the optimizer's iteration count), else null.</summary>
        public long? Exact() => Dataset.Type is { Class: H5DataTypeClass.FixedPoint, Size: 8 } && Shape.Length == 0 ? Dataset.Read<long>() : null;
    }

    private static List<Stored>? StoredOf(IH5Group root, WeightsLayout.Entry entry, string file) =>
        H5Read.Find(root, entry.VarsPath) switch
        {
            IH5Group vars => Datasets(vars, file, $"layer '{entry.Owner.Name}'"),
            null => null,
            _ => throw new InvalidDataException($"'{entry.VarsPath}' in '{file}' should be a group of variables, but it is a dataset."),
        };

    // the datasets "0", "1", … of a vars group, in numeric order; other links are an error as in Keras
    private static List<Stored> Datasets(IH5Group vars, string file, string owner)
    {
        var found = new SortedDictionary<int, IH5Dataset>();
        foreach (var child in vars.Children())
        {
            if (!int.TryParse(child.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                || child is not IH5Dataset dataset || index > 1_000_000)
            {
                throw new InvalidDataException(
                    $"The variables of {owner} in '{file}' ({H5Read.Where(vars)}) should be datasets named 0, 1, …, but '{child.Name}' is there.");
            }
            found[index] = dataset;
        }
        var values = new List<Stored>(found.Count);
        int expected = 0;
        foreach (var (index, dataset) in found)
        {
            if (index != expected++)
            {
                throw new InvalidDataException($"The variables of {owner} in '{file}' ({H5Read.Where(vars)}) skip number {expected - 1}.");
            }
            var shape = Array.ConvertAll(dataset.Space.Dimensions, d => d > int.MaxValue
                ? throw new InvalidDataException($"The variable {H5Read.Where(vars)}/{index} of {owner} in '{file}' has an impossible dimension {d}.")
                : (int)d);
            values.Add(new Stored(dataset, shape, $"{H5Read.Where(vars)}/{index}"));
        }
        return values;
    }
}

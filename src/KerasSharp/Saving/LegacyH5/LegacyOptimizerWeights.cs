using KerasSharp.Utils;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Engine;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using PureHDF;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>
/// The <c>optimizer_weights</c> group of a legacy <c>.h5</c> file: the optimizer's variables with a
/// <c>weight_names</c> list. The library writes Keras 3's layout (<c>adam/iteration</c>, <c>adam/learning_rate</c>,
/// then each trainable weight's slots in turn, e.g. <c>adam/dense_kernel_momentum</c>). Reading restores that layout
/// by order, as Keras 3 does, and also tf.keras 2's two layouts by name (<c>Adam/m/dense/kernel:0</c> from 2.11 on,
/// <c>Adam/dense/kernel/m:0</c> before); state that fits neither is skipped with a warning, leaving a fresh optimizer,
/// as in Keras.
/// </summary>
internal static class LegacyOptimizerWeights
{
    /// <summary>The group's name.</summary>
    public const string Group = "optimizer_weights";

    // tf.keras 2 slot names → the library's (Keras 3's)
    private static readonly Dictionary<string, string> s_slotKinds = new(StringComparer.Ordinal)
    {
        ["m"] = "momentum",
        ["v"] = "velocity",
        ["vhat"] = "velocity_hat",
        ["rms"] = "velocity",
        ["mg"] = "average_gradient",
        ["momentum"] = "momentum",
        ["velocity"] = "velocity",
        ["velocity_hat"] = "velocity_hat",
        ["average_gradient"] = "average_gradient",
        ["accumulator"] = "accumulator",
    };

    /// <summary>Writes the optimizer's variables once it has been built (has slots); an unbuilt optimizer has no state worth keeping.</summary>
    public static void Save(H5Group root, Optimizer optimizer)
    {
        if (!optimizer.Built)
        {
            return;
        }
        var group = H5Write.Group(root, Group);
        var variables = optimizer.Variables;
        var names = new List<string>(variables.Count);
        for (int i = 0; i < variables.Count; i++)
        {
            var variable = variables[i];
            names.Add(variable.Path);
            if (i == 0)
            {
                // the iteration counter, an int64 scalar as Keras stores it
                H5Write.Scalar(group, variable.Path, optimizer.Iterations);
            }
            else
            {
                H5Write.Dataset(group, variable.Path, variable.Value.Span, variable.Shape.Dims);
            }
        }
        H5Write.Strings(group, "weight_names", names);
    }

    /// <summary>Restores the optimizer's state from the file's <c>optimizer_weights</c>, when it has that group and its layout fits.</summary>
    public static void Load(IH5Group root, Model model, string file)
    {
        if (model.Optimizer is not { } optimizer || H5Read.Find(root, Group) is not IH5Group group)
        {
            return;
        }
        var saved = new List<(string Name, float[] Values, int[] Shape)>();
        foreach (var name in H5Read.Strings(group, "weight_names", file))
        {
            if (H5Read.Find(group, name) is not IH5Dataset dataset)
            {
                Fail(file, $"it lists '{name}' but has no dataset for it");
                return;
            }
            var (values, shape) = H5Read.Floats(dataset, $"'{name}' of '{Group}'", file);
            saved.Add((name, values, shape));
        }
        optimizer.EnsureBuilt(model.TrainableWeights);
        var variables = optimizer.Variables;
        var plan = ByOrder(variables, saved) ?? ByName(variables, saved);
        if (plan is null)
        {
            Fail(file, $"its {saved.Count} saved variables do not match the {variables.Count} variables of optimizer '{optimizer.Name}'");
            return;
        }
        foreach (var (variable, values) in plan)
        {
            variable.Assign(values);
        }
    }

    /// <summary>Keras 3's rule: the same number of variables, assigned in order, every shape equal.</summary>
    private static List<(Variable, float[])>? ByOrder(IReadOnlyList<Variable> variables, List<(string Name, float[] Values, int[] Shape)> saved)
    {
        if (variables.Count != saved.Count)
        {
            return null;
        }
        var plan = new List<(Variable, float[])>(saved.Count);
        for (int i = 0; i < saved.Count; i++)
        {
            if (variables[i].Shape != new Shape(saved[i].Shape))
            {
                return null;
            }
            plan.Add((variables[i], saved[i].Values));
        }
        return plan;
    }

    /// <summary>tf.keras 2's layouts, matched by name: every saved slot must find its variable and every variable its value.</summary>
    private static List<(Variable, float[])>? ByName(IReadOnlyList<Variable> variables, List<(string Name, float[] Values, int[] Shape)> saved)
    {
        var byName = variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var plan = new List<(Variable, float[])>(saved.Count);
        var covered = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        foreach (var (name, values, shape) in saved)
        {
            string[] segments = (name.EndsWith(":0", StringComparison.Ordinal) ? name[..^2] : name).Split('/');
            string last = segments[^1];
            Variable? target = last switch
            {
                "iter" or "iteration" or "iterations" => variables[0],
                "learning_rate" or "lr" => byName.GetValueOrDefault("learning_rate"),
                _ => Slot(segments, byName),
            };
            if (target is null)
            {
                if (last is "learning_rate" or "lr")
                {
                    continue;   // a schedule: the rate is computed, not stored
                }
                return null;
            }
            if (target.Shape != new Shape(shape) || !covered.Add(target))
            {
                return null;
            }
            plan.Add((target, values));
        }
        // the learning rate may be absent (tf.keras 2 kept it in the config only)
        return variables.All(v => covered.Contains(v) || v.Name == "learning_rate") ? plan : null;
    }

    /// <summary>The slot a tf.keras 2 name refers to: <c>Adam/m/dense/kernel</c> (2.11+) or <c>Adam/dense/kernel/m</c> (earlier).</summary>
    private static Variable? Slot(string[] segments, Dictionary<string, Variable> byName)
    {
        if (segments.Length >= 3 && s_slotKinds.TryGetValue(segments[1], out var kind)
            && byName.TryGetValue($"{string.Join('_', segments[2..])}_{kind}", out var newer))
        {
            return newer;
        }
        if (segments.Length >= 3 && s_slotKinds.TryGetValue(segments[^1], out kind)
            && byName.TryGetValue($"{string.Join('_', segments[1..^1])}_{kind}", out var older))
        {
            return older;
        }
        return null;
    }

    private static void Fail(string file, string reason) =>
        Warnings.Warn(
            $"Error in loading the saved optimizer state of '{file}' ({reason}). As a result, your model is starting with a freshly initialized optimizer.");
}

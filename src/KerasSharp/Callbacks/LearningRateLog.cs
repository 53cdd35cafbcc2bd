using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Callbacks;

/// <summary>
/// The learning rate as the callbacks that change it read and log it: Keras keeps it in a float32 variable, so the
/// value read (and written to the logs as <c>learning_rate</c>) is the float32 value widened to double.
/// </summary>
internal static class LearningRateLog
{
    /// <summary>The key under which the learning rate is logged.</summary>
    public const string Key = "learning_rate";

    /// <summary>The compiled optimizer of the callback's model.</summary>
    /// <exception cref="InvalidOperationException">The callback is not attached to a compiled model.</exception>
    public static Optimizer OptimizerOf(Model? model, string callback) => model?.Optimizer
        ?? throw new InvalidOperationException($"{callback} needs a compiled model with an optimizer; use it in Fit after Compile.");

    /// <summary>The current learning rate, as its float32 variable holds it.</summary>
    public static double Read(Optimizer optimizer) => (float)optimizer.LearningRate;

    /// <summary>Writes the current learning rate into <paramref name="logs"/> (Keras adds it at the end of each epoch).</summary>
    public static void Write(Optimizer optimizer, Logs logs) => logs[Key] = Read(optimizer);
}

using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// Ends training when a batch's loss is NaN or infinite (Keras' <c>TerminateOnNaN</c>). By default training stops
/// gracefully after that batch, through <see cref="Models.Model.StopTraining"/>: the epoch is recorded and every
/// callback's <c>OnTrainEnd</c> runs. With <c>raiseError: true</c> it throws instead, which skips the remaining
/// callbacks and their cleanup.
/// </summary>
/// <example>
/// <code>
/// model.Fit(x, y, epochs: 10, callbacks: [new TerminateOnNaN()]);                    // stops gracefully
/// model.Fit(x, y, epochs: 10, callbacks: [new TerminateOnNaN(raiseError: true)]);    // throws
/// </code>
/// </example>
public sealed class TerminateOnNaN : Callback
{
    private readonly TextWriter? _output;

    /// <summary>Creates the callback.</summary>
    /// <param name="raiseError">
    /// False (Keras' default) stops training after the batch and prints a message; true throws an
    /// <see cref="InvalidOperationException"/> at once.
    /// </param>
    /// <param name="output">Where the message goes (default: the console).</param>
    public TerminateOnNaN(bool raiseError = false, TextWriter? output = null)
    {
        RaiseError = raiseError;
        _output = output;
    }

    /// <summary>Whether a NaN or infinite loss throws instead of stopping training gracefully.</summary>
    public bool RaiseError { get; }

    /// <inheritdoc/>
    /// <remarks>It reads the loss only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The loss is NaN or infinite and <see cref="RaiseError"/> is true.</exception>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (!logs.TryGetValue("loss", out var loss) || double.IsFinite(loss))
        {
            return;
        }
        if (RaiseError)
        {
            throw new InvalidOperationException(
                $"NaN or Inf loss encountered at batch {batch}. Loss value: {Format(loss)}. Terminating training immediately.");
        }
        (_output ?? Console.Out).WriteLine($"Batch {batch}: Invalid loss, terminating training");
        Model!.StopTraining = true;
    }

    /// <summary>The value as Python prints it (<c>nan</c>, <c>inf</c>, <c>-inf</c>), as Keras' message shows it.</summary>
    private static string Format(double value) => double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString(CultureInfo.InvariantCulture);
}

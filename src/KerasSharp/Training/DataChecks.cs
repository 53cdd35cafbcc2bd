using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>Validation of the arguments of Fit, Evaluate and Predict, with Keras' wording, before any work starts.</summary>
internal static class DataChecks
{
    public static void NonEmpty(Tensor x, string name = "x")
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Rank == 0)
        {
            throw new ArgumentException($"Expected `{name}` to have a batch axis, but received a scalar.");
        }
        if (x.Shape[0] == 0)
        {
            throw new ArgumentException($"Expected input data to be non-empty: `{name}` has shape {x.Shape} (0 samples).");
        }
    }

    public static int BatchSize(int? batchSize)
    {
        int b = batchSize ?? 32;
        if (b <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), b, $"Invalid batchSize: expected a positive integer, but received batchSize={b}.");
        }
        return b;
    }

    public static void Epochs(int epochs, int initialEpoch)
    {
        if (epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Invalid epochs: expected a non-negative integer, but received epochs={epochs}.");
        }
        if (initialEpoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, $"Invalid initialEpoch: expected a non-negative integer, but received initialEpoch={initialEpoch}.");
        }
    }

    public static void Verbose(int verbose)
    {
        if (verbose is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(verbose), verbose, $"Invalid verbose: expected 0 (silent), 1 (progress bar) or 2 (one line per epoch), but received verbose={verbose}.");
        }
    }

    public static void ValidationSplit(double split)
    {
        if (!(split >= 0 && split < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(split), split, $"`validationSplit` must be in [0, 1). Received: validationSplit={split}");
        }
    }

    /// <summary>A number of steps (<c>stepsPerEpoch</c>, <c>validationSteps</c>, <c>steps</c>): null, or positive.</summary>
    public static void Steps(int? steps, string name)
    {
        if (steps is <= 0)
        {
            throw new ArgumentOutOfRangeException(name, steps, $"Invalid {name}: expected a positive integer or null, but received {name}={steps}.");
        }
    }

    /// <summary>Keras 3's <c>validation_freq</c>: validate after every n-th epoch, n positive.</summary>
    public static void ValidationFreq(int validationFreq)
    {
        if (validationFreq <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFreq), validationFreq, $"Invalid validationFreq: expected a positive integer, but received validationFreq={validationFreq}.");
        }
    }
}

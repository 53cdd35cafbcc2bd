using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Examples.Parity;

/// <summary>
/// True 8-bit parity (the XOR of all eight bits) over all 256 inputs. A single neuron cannot learn it; a hidden
/// layer can. Trains until every input is classified correctly and reports the epoch where that happened.
/// </summary>
public static class EightBitParity
{
    /// <summary>What the run produced.</summary>
    /// <param name="Epoch">The 1-based epoch at which accuracy reached 100%, or null if it never did.</param>
    /// <param name="Accuracy">Accuracy of the trained model on all 256 inputs, evaluated after training.</param>
    public sealed record Result(int? Epoch, double Accuracy);

    /// <summary>Trains until 100% accuracy or <paramref name="maxEpochs"/>.</summary>
    /// <param name="maxEpochs">Upper bound on epochs.</param>
    /// <param name="output">Where to print.</param>
    public static Result Run(int maxEpochs, TextWriter output)
    {
        float[,] x = Bits.ToMatrix(Enumerable.Range(0, 256));
        float[] y = Enumerable.Range(0, 256).Select(v => (float)(System.Numerics.BitOperations.PopCount((uint)v) % 2)).ToArray();

        var model = new Sequential(
        [
            new Input(shape: [8]),
            new Dense(64, activation: "relu"),
            new Dense(1, activation: "sigmoid"),
        ]);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "binary_crossentropy", metrics: ["accuracy"]);
        model.Summary(output: output);

        // All 256 inputs are the whole problem, so the "validation" after each epoch is the full truth table,
        // evaluated with the weights as they are at the end of the epoch.
        var stop = new StopAtPerfectAccuracy();
        model.Fit(x, y, epochs: maxEpochs, batchSize: 32, verbose: 0, validationData: (x, y), callbacks: [stop]);
        var (_, accuracy) = model.Evaluate(x, y, verbose: 0);
        output.WriteLine(stop.Epoch is int e
            ? $"8-bit parity: 100% accuracy on all 256 inputs at epoch {e}"
            : $"8-bit parity: did not reach 100% accuracy in {maxEpochs} epochs");
        return new Result(stop.Epoch, accuracy);
    }

    /// <summary>Stops training at the end of the first epoch after which every input is classified correctly.</summary>
    private sealed class StopAtPerfectAccuracy : Callback
    {
        public int? Epoch { get; private set; }

        public override void OnEpochEnd(int epoch, Logs logs)
        {
            if (logs["val_accuracy"] >= 1.0)
            {
                Epoch = epoch + 1;
                Model!.StopTraining = true;
            }
        }
    }
}

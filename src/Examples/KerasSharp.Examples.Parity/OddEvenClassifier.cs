using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Examples.Parity;

/// <summary>
/// The classic Keras beginner example: is an 8-bit number odd? One sigmoid neuron learns to read the last bit.
/// The Python original:
/// <code>
/// model = Sequential()
/// model.add(Dense(1, input_dim=8, activation='sigmoid'))
/// model.compile(loss='binary_crossentropy', optimizer=SGD(learning_rate=1.0), metrics=['accuracy'])
/// model.fit(trainX, trainY, epochs=20, batch_size=5)
/// </code>
/// </summary>
public static class OddEvenClassifier
{
    /// <summary>What the run produced.</summary>
    /// <param name="FinalAccuracy">Training accuracy of the last epoch.</param>
    /// <param name="Predictions">Rounded predictions for the two test inputs (expected 1 and 0).</param>
    public sealed record Result(double FinalAccuracy, int[] Predictions)
    {
        /// <summary>True when both test numbers are classified correctly.</summary>
        public bool Correct => Predictions is [1, 0];
    }

    /// <summary>Trains on 0..15 and predicts two unseen numbers.</summary>
    /// <param name="verbose">Keras verbosity for Fit.</param>
    /// <param name="output">Where to print.</param>
    public static Result Run(int verbose, TextWriter output)
    {
        float[,] trainX = Bits.ToMatrix(Enumerable.Range(0, 16));
        float[] trainY = Enumerable.Range(0, 16).Select(i => (float)(i % 2)).ToArray();

        var model = new Sequential()
            .Add(new Dense(1, inputDim: 8, activation: "sigmoid"));
        model.Compile(loss: "binary_crossentropy", optimizer: new SGD(learningRate: 1.0), metrics: ["accuracy"]);
        var history = model.Fit(trainX, trainY, epochs: 20, batchSize: 5, verbose: verbose);

        float[,] testX =
        {
            { 1, 0, 0, 1, 1, 1, 0, 1 },   // 157, odd
            { 1, 0, 0, 0, 0, 1, 1, 0 },   // 134, even
        };
        var p = model.Predict(testX, verbose: 0);
        int[] rounded = [(int)MathF.Round(p[0, 0]), (int)MathF.Round(p[1, 0])];
        output.WriteLine($"Predictions for [1,0,0,1,1,1,0,1] and [1,0,0,0,0,1,1,0]: {p[0, 0]:F4} -> {rounded[0]}, {p[1, 0]:F4} -> {rounded[1]}");
        return new Result(history.History["accuracy"][^1], rounded);
    }
}

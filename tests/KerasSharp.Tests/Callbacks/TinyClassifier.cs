using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

/// <summary>The five-sample binary task the callback tests train on, and its one-unit sigmoid model with accuracy.</summary>
internal static class TinyClassifier
{
    public static readonly float[,] X = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 }, { 1, 1 } };
    public static readonly float[] Y = [1, 1, 0, 0, 0];

    /// <summary>A fresh compiled model: SGD, binary cross-entropy, accuracy.</summary>
    public static Sequential Model()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }
}

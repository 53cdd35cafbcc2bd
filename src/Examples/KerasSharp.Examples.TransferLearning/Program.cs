using KerasSharp;
using KerasSharp.Examples.TransferLearning;

// dotnet run --project src/Examples/KerasSharp.Examples.TransferLearning
// Trains a ConvNet on Fashion-MNIST classes 0-4, then reuses it for classes 5-9 by replacing its last layer.
Keras.SetRandomSeed(1);
var result = TransferExperiment.Run(new TransferExperiment.Settings(), Console.Out, verbose: 1);
bool transferWins = result.TransferAccuracy > result.FromScratchAccuracy + 0.02;
Console.WriteLine(transferWins ? "Transfer learning beats training from scratch." : "Transfer learning did NOT clearly beat training from scratch.");
return transferWins && result.FrozenWeightsUnchanged ? 0 : 1;

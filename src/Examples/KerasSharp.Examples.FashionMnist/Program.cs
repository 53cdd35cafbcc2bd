using KerasSharp;
using KerasSharp.Examples.FashionMnist;

// dotnet run --project src/Examples/KerasSharp.Examples.FashionMnist [-- --model cnn] [--epochs N]
string model = "mlp";
int? epochs = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var e) && e > 0:
            epochs = e;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: KerasSharp.Examples.FashionMnist [--model mlp|cnn] [--epochs N]");
            return 2;
    }
}
if (model is not ("mlp" or "cnn"))
{
    Console.Error.WriteLine($"Unknown model '{model}': expected mlp or cnn.");
    return 2;
}

Keras.SetRandomSeed(42);
bool cnn = model == "cnn";
var result = BasicClassification.Run(cnn, epochs ?? (cnn ? 5 : 10), verbose: 1, Console.Out);
double target = cnn ? 0.90 : 0.87;
Console.WriteLine();
Console.WriteLine(result.TestAccuracy >= target
    ? $"Reached the target test accuracy of {target:F2}."
    : $"Below the target test accuracy of {target:F2}.");
return result.TestAccuracy >= target ? 0 : 1;

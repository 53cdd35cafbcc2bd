using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Training;

/// <summary>
/// Feeds Fit, Evaluate and Predict random mixtures of valid and invalid arguments. Every call must end in one of two
/// ways: a clear <see cref="ArgumentException"/> / <see cref="InvalidOperationException"/> when (and only when) an
/// argument is invalid, or a correct result; and the model must stay usable either way.
/// </summary>
public class RandomizedArgumentTests
{
    private const int Features = 3;
    private const int Classes = 4;

    /// <summary>One random call: what it passes, and whether every argument is valid.</summary>
    private sealed record Case(
        string Method, bool Sparse, int Samples, int XFeatures, int YSamples, float BadLabel, int? BatchSize, int Epochs,
        int InitialEpoch, int Verbose, double ValidationSplit, int? SampleWeights)
    {
        public bool Valid => ArgumentsValid && DataValid;

        /// <summary>
        /// A Fit that runs no epoch never reads the samples, so whether it checks their contents (feature count, class
        /// ids) is open, as in Keras: it may refuse or accept them.
        /// </summary>
        public bool DataMayGoUnchecked => Method == "Fit" && ArgumentsValid && Samples > 0 && Epochs <= InitialEpoch;

        private bool DataValid => XFeatures == Features && (Method == "Predict" || float.IsNaN(BadLabel));

        private bool ArgumentsValid =>
            Samples > 0
            && (Method == "Predict" || (YSamples == Samples && (SampleWeights is null || SampleWeights == Samples)))
            && BatchSize is null or > 0
            && Verbose is 0
            && (Method != "Fit" || (Epochs >= 0 && InitialEpoch >= 0 && SplitIsValid));

        private bool SplitIsValid
        {
            get
            {
                if (!(ValidationSplit >= 0 && ValidationSplit < 1))
                {
                    return false;
                }
                int train = (int)Math.Floor(Samples * (1 - ValidationSplit));
                return ValidationSplit == 0 || (train > 0 && train < Samples);
            }
        }
    }

    private static Case RandomCase(Random r)
    {
        T Pick<T>(params T[] options) => options[r.Next(options.Length)];
        bool rarely() => r.Next(6) == 0;
        int n = rarely() ? Pick(0, 1) : r.Next(2, 40);
        bool sparse = r.Next(2) == 0;
        return new Case(
            Method: Pick("Fit", "Evaluate", "Predict"),
            Sparse: sparse,
            Samples: n,
            XFeatures: rarely() ? Pick(1, 2, 5) : Features,
            YSamples: rarely() ? n + Pick(-1, 1, 7) : n,
            // only class ids are checked: Keras computes a binary cross-entropy of any target value
            BadLabel: sparse && rarely() ? Pick(-1f, Classes, 1e6f) : float.NaN,
            BatchSize: rarely() ? Pick<int?>(0, -1, int.MinValue) : Pick<int?>(null, 1, 3, 8, n, n + 1, int.MaxValue),
            Epochs: rarely() ? Pick(-1, -100) : Pick(0, 1, 2),
            InitialEpoch: rarely() ? -1 : Pick(0, 0, 1, 3),
            Verbose: rarely() ? Pick(-1, 3, int.MaxValue) : 0,
            ValidationSplit: rarely() ? Pick(-0.1, 1.0, 1.5, double.NaN, 0.999) : Pick(0.0, 0.0, 0.25),
            SampleWeights: rarely() ? Pick<int?>(n + 1, Math.Max(n - 1, 0)) : Pick<int?>(null, n));
    }

    private static Sequential Model(bool sparse)
    {
        var model = sparse
            ? new Sequential([new Input(shape: [Features]), new Dense(5, activation: "relu"), new Dense(Classes, activation: "softmax")])
            : new Sequential([new Input(shape: [Features]), new Dense(5, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: sparse ? "sparse_categorical_crossentropy" : "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static (Tensor X, Tensor Y, Tensor? SampleWeight) Data(Case c, Random r)
    {
        var x = new float[c.Samples * c.XFeatures];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(r.NextDouble() * 2 - 1);
        }
        int ySamples = Math.Max(c.YSamples, 0);
        var y = new float[ySamples];
        for (int i = 0; i < ySamples; i++)
        {
            y[i] = c.Sparse ? r.Next(Classes) : r.Next(2);
        }
        if (!float.IsNaN(c.BadLabel) && ySamples > 0)
        {
            y[r.Next(ySamples)] = c.BadLabel;
        }
        Tensor yt = c.Sparse ? Tensor.FromArray(y, ySamples) : Tensor.FromArray(y, ySamples, 1);
        Tensor? sw = c.SampleWeights is int m ? Tensor.FromArray(Enumerable.Repeat(1f, m).ToArray(), m) : null;
        return (Tensor.FromArray(x, c.Samples, c.XFeatures), yt, sw);
    }

    [Test]
    public void RandomArguments_GiveAClearErrorOrACorrectResult_AndNeverBreakTheModel()
    {
        var r = new Random(20261202);
        var problems = new List<string>();
        int errors = 0, results = 0;
        for (int i = 0; i < 300; i++)
        {
            var c = RandomCase(r);
            var model = Model(c.Sparse);
            var (x, y, sw) = Data(c, r);
            try
            {
                string? wrong = Run(model, c, x, y, sw);
                if (wrong is not null)
                {
                    problems.Add($"{c}: {wrong}");
                }
                else if (!c.Valid && !c.DataMayGoUnchecked)
                {
                    problems.Add($"{c}: invalid arguments were accepted");
                }
                results++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                errors++;
                if (c.Valid)
                {
                    problems.Add($"{c}: valid arguments were refused: {e.Message}");
                }
                else if (string.IsNullOrWhiteSpace(e.Message))
                {
                    problems.Add($"{c}: {e.GetType().Name} without a message");
                }
            }
            catch (Exception e)
            {
                problems.Add($"{c}: {e.GetType().Name}: {e.Message}");
            }
            // whatever happened, the model still predicts
            var probe = Tensor.FromArray(new float[2 * Features], 2, Features);
            if (model.Predict(probe, verbose: 0).Shape[0] != 2)
            {
                problems.Add($"{c}: the model no longer predicts");
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(errors, Is.GreaterThan(50), "the mixture had invalid calls");
            Assert.That(results, Is.GreaterThan(50), "the mixture had valid calls");
        });
    }

    /// <summary>Makes the call; returns null when its result is correct, else what is wrong with it.</summary>
    private static string? Run(Sequential model, Case c, Tensor x, Tensor y, Tensor? sw)
    {
        int units = c.Sparse ? Classes : 1;
        switch (c.Method)
        {
            case "Predict":
            {
                var p = model.Predict(x, batchSize: c.BatchSize, verbose: c.Verbose);
                if (p is null || p.Shape != new Shape(c.Samples, units))
                {
                    return $"Predict returned shape {p?.Shape.ToString() ?? "null"}";
                }
                var whole = model.PredictOnBatch(x).ToArray();
                var got = p.ToArray();
                for (int i = 0; i < got.Length; i++)
                {
                    if (!(Math.Abs(got[i] - whole[i]) <= 1e-5f))
                    {
                        return $"Predict value {i} is {got[i]}, the whole batch at once gives {whole[i]}";
                    }
                }
                return null;
            }
            case "Evaluate":
            {
                var logs = model.Evaluate(x, y, batchSize: c.BatchSize, verbose: c.Verbose, sampleWeight: sw);
                var all = model.Evaluate(x, y, batchSize: c.Samples, verbose: 0, sampleWeight: sw);
                if (!logs.Keys.SequenceEqual(["loss", "accuracy"]))
                {
                    return $"Evaluate returned keys {string.Join(",", logs.Keys)}";
                }
                if (!(Math.Abs(logs["loss"] - all["loss"]) <= 1e-4 * Math.Max(1, all["loss"])) || logs["accuracy"] != all["accuracy"])
                {
                    return $"Evaluate in batches gave {logs}, in one batch {all}";
                }
                return null;
            }
            default:
            {
                var history = model.Fit(x, y, batchSize: c.BatchSize, epochs: c.Epochs, verbose: c.Verbose,
                    validationSplit: c.ValidationSplit, sampleWeight: sw, initialEpoch: c.InitialEpoch);
                int expected = Math.Max(0, c.Epochs - c.InitialEpoch);
                var losses = history.History.TryGetValue("loss", out var l) ? l : [];
                if (losses.Count != expected)
                {
                    return $"Fit recorded {losses.Count} epochs, expected {expected}";
                }
                if (losses.Any(v => !double.IsFinite(v)) || model.Weights.Any(w => w.Value.ToArray().Any(v => !float.IsFinite(v))))
                {
                    return "Fit produced a non-finite loss or weight";
                }
                return null;
            }
        }
    }
}

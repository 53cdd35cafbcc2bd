using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// Outputs and gradients of the recurrent layers against TF.js (tfjs-layers, the JavaScript port of Keras), from
/// <c>RnnTfjsFixture.g.cs</c> written by <c>RnnTfjsFixture.mjs</c>: same weights, inputs and loss <c>Σ R·y</c>.
/// </summary>
public class RnnTfjsParityTests
{
    private const int Batch = 2, Steps = 3, Features = 3, Units = 2;

    private static IEnumerable<TestCaseData> Cases() =>
        RnnTfjsFixture.Cases.Select((c, i) => new TestCaseData(i).SetName($"{c.Kind}{(c.GoBackwards ? "_GoBackwards" : "")}"));

    private static Layer Create(string kind, bool goBackwards) => kind switch
    {
        "simple_rnn" => new SimpleRNN(Units, returnSequences: true, goBackwards: goBackwards),
        "lstm" => new LSTM(Units, returnSequences: true, goBackwards: goBackwards),
        "gru" => new GRU(Units, returnSequences: true, goBackwards: goBackwards, resetAfter: false),
        _ => throw new ArgumentException(kind),
    };

    [TestCaseSource(nameof(Cases))]
    public void OutputsAndGradients_MatchTfjs(int index)
    {
        var c = RnnTfjsFixture.Cases[index];
        var layer = Create(c.Kind, c.GoBackwards);
        layer.EnsureBuilt(new Shape(-1, Steps, Features));
        layer.SetWeights(c.Weights.Select((w, i) => Tensor.FromArray(w, layer.Weights[i].Shape.ToArray())).ToList());
        var x = Tensor.FromArray(c.X, Batch, Steps, Features);
        Tensor y;
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            y = layer.Apply(x);
            var loss = Ops.Sum(Ops.Multiply(y, Tensor.FromArray(c.R, Batch, Steps, Units)));
            grads = tape.Gradient(loss, [.. layer.TrainableWeights.Select(v => v.Value), x]);
        }
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, c.Y, 1e-5, 1e-6);
            for (int i = 0; i < c.WeightGradients.Length; i++)
            {
                TensorAssert.AllClose(grads[i], c.WeightGradients[i], 1e-4, 1e-5);
            }
            TensorAssert.AllClose(grads[^1], c.InputGradient, 1e-4, 1e-5);
        });
    }
}

using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// Outputs and gradients of <see cref="Bidirectional"/> against TF.js (tfjs-layers, the JavaScript port of Keras), from
/// <c>BidirectionalTfjsFixture.g.cs</c> written by <c>BidirectionalTfjsFixture.mjs</c>: same weights, inputs, initial
/// states and loss <c>Σ R·y</c> on the first output.
/// </summary>
public class BidirectionalTfjsParityTests
{
    private const int Batch = 2, Steps = 3, Features = 3, Units = 2;

    private static IEnumerable<TestCaseData> Cases() =>
        BidirectionalTfjsFixture.Cases.Select((c, i) => new TestCaseData(i).SetName(
            $"{c.Kind}_{c.MergeMode}{(c.ReturnSequences ? "_ReturnSequences" : "")}{(c.InitialState.Length > 0 ? "_InitialState" : "")}{(c.ReturnState ? "_ReturnState" : "")}"));

    private static RecurrentLayer Create(string kind, bool returnSequences, bool returnState) => kind switch
    {
        "simple_rnn" => new SimpleRNN(Units, returnSequences: returnSequences, returnState: returnState),
        "lstm" => new LSTM(Units, returnSequences: returnSequences, returnState: returnState),
        "gru" => new GRU(Units, returnSequences: returnSequences, returnState: returnState, resetAfter: false),
        _ => throw new ArgumentException(kind),
    };

    [TestCaseSource(nameof(Cases))]
    public void OutputsAndGradients_MatchTfjs(int index)
    {
        var c = BidirectionalTfjsFixture.Cases[index];
        var layer = new Bidirectional(Create(c.Kind, c.ReturnSequences, c.ReturnState), mergeMode: c.MergeMode);
        layer.EnsureBuilt(new Shape(-1, Steps, Features));
        layer.SetWeights(c.Weights.Select((w, i) => Tensor.FromArray(w, layer.Weights[i].Shape.ToArray())).ToList());
        var x = Tensor.FromArray(c.X, Batch, Steps, Features);
        Tensor[] states = [.. c.InitialState.Select(s => Tensor.FromArray(s, Batch, Units))];
        IReadOnlyList<Tensor> outputs;
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            outputs = layer.ApplyMany(x, initialState: states);
            var loss = Ops.Sum(Ops.Multiply(outputs[0], Tensor.FromArray(c.R, outputs[0].Shape.ToArray())));
            grads = tape.Gradient(loss, [.. layer.TrainableWeights.Select(v => v.Value), x, .. states]);
        }
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Count.EqualTo(c.Outputs.Length));
            for (int i = 0; i < c.Outputs.Length; i++)
            {
                TensorAssert.AllClose(outputs[i], c.Outputs[i], 1e-5, 1e-6);
            }
            for (int i = 0; i < c.WeightGradients.Length; i++)
            {
                TensorAssert.AllClose(grads[i], c.WeightGradients[i], 1e-4, 1e-5);
            }
            for (int i = 0; i < c.InputGradients.Length; i++)
            {
                TensorAssert.AllClose(grads[c.WeightGradients.Length + i], c.InputGradients[i], 1e-4, 1e-5);
            }
        });
    }
}

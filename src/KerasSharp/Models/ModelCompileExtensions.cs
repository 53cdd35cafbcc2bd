using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Optimizers;
using KerasSharp.Training;

namespace KerasSharp.Models;

/// <summary>
/// <see cref="Model.Compile"/> with a plain function as the loss, as Keras accepts any <c>fn(y_true, y_pred)</c>.
/// </summary>
/// <remarks>
/// A C# lambda cannot reach <see cref="Model.Compile"/>'s <see cref="OutputLosses"/> parameter (it converts to a
/// delegate type only), so <c>model.Compile(loss: (yTrue, yPred) => …)</c> resolves to this method.
/// </remarks>
public static class ModelCompileExtensions
{
    /// <summary>
    /// Configures the model for training with a plain function as the loss: the function is wrapped in a
    /// <see cref="LossFunctionWrapper"/> named after the method (<c>"loss"</c> for a lambda), which adds sample weights
    /// and the <c>"sum_over_batch_size"</c> reduction.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="loss">
    /// The function <c>(yTrue, yPred) → losses</c> built from <see cref="Ops"/>, returning one value per sample (e.g.
    /// <c>Ops.Mean(…, -1)</c>) or per element; it applies to every output.
    /// </param>
    /// <param name="optimizer">The optimizer or its Keras id (default <c>"rmsprop"</c>).</param>
    /// <param name="metrics">Metrics or Keras ids, as for <see cref="Model.Compile"/>.</param>
    /// <param name="lossWeights">Factors of the outputs' losses in the total loss, as for <see cref="Model.Compile"/>.</param>
    /// <example>
    /// <code>
    /// model.Compile(optimizer: "adam", loss: (yTrue, yPred) => Ops.Mean(Ops.Square(yPred - yTrue), -1));
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="loss"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Fit, Evaluate or TrainOnBatch is running on this model on another thread.</exception>
    public static void Compile(this Model model, Func<Tensor, Tensor, Tensor> loss, Optimizer? optimizer = null,
        OutputMetrics? metrics = null, LossWeights? lossWeights = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        // a lambda compiles to a method whose name is not a C# identifier, e.g. "<Main>b__0_0"
        string name = loss.Method.Name.Contains('<', StringComparison.Ordinal) ? "loss" : loss.Method.Name;
        model.Compile(optimizer, new LossFunctionWrapper(loss, name: name), metrics, lossWeights);
    }
}

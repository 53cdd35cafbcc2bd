using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// What <see cref="Metric.Get"/> returns for <c>"accuracy"</c> or <c>"acc"</c>: a stand-in that <c>Compile</c>/<c>Fit</c>
/// replaces on the first batch with <see cref="BinaryAccuracy"/>, <see cref="SparseCategoricalAccuracy"/> or
/// <see cref="CategoricalAccuracy"/>, chosen from the shapes of the targets and predictions
/// (<see cref="Metric.ResolveAccuracy"/>), as Keras' <c>compile_utils.get_metric</c> does.
/// </summary>
/// <remarks>
/// Public only so that a metric list can hold it and the trainer can recognise it; user code rarely needs it. It
/// holds no state: <see cref="UpdateState"/> throws, <see cref="Result"/> is 0 and <see cref="ResetState"/> does nothing.
/// </remarks>
/// <example>
/// <code>
/// Metric m = "acc";                                  // an AccuracyPlaceholder named "acc"
/// var real = ((AccuracyPlaceholder)m).Resolve(new Shape(32), new Shape(32, 10));   // SparseCategoricalAccuracy "acc"
/// </code>
/// </example>
public sealed class AccuracyPlaceholder : Metric
{
    /// <summary>Creates the placeholder.</summary>
    /// <param name="name">The identifier the user gave, kept as the resolved metric's name.</param>
    public AccuracyPlaceholder(string name = "accuracy")
        : base(name)
    {
    }

    /// <summary>The concrete accuracy metric for these shapes, named <see cref="Metric.Name"/> (see <see cref="Metric.ResolveAccuracy"/>).</summary>
    /// <param name="yTrueShape">Shape of the targets.</param>
    /// <param name="yPredShape">Shape of the predictions.</param>
    /// <returns>A new metric.</returns>
    public Metric Resolve(Shape yTrueShape, Shape yPredShape) => ResolveAccuracy(Name, yTrueShape, yPredShape);

    /// <summary>Always throws: the placeholder must be resolved first.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new InvalidOperationException(
            $"The metric '{Name}' is a placeholder for an accuracy metric that Compile/Fit chooses from the shapes of " +
            "y_true and y_pred on the first batch; it must be resolved before it is updated. Call " +
            "Metric.ResolveAccuracy (or AccuracyPlaceholder.Resolve) with those shapes, or pass a concrete metric such as " +
            "new BinaryAccuracy(), new CategoricalAccuracy() or new SparseCategoricalAccuracy().");

    /// <summary>0: the placeholder has seen no samples.</summary>
    public override double Result() => 0;

    /// <summary>Does nothing: the placeholder has no state.</summary>
    public override void ResetState()
    {
    }
}

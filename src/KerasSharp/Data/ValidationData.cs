using KerasSharp.Engine;

namespace KerasSharp.Data;

/// <summary>
/// The <c>validationData</c> of <c>Fit</c> over a data source, as Keras takes it: arrays <c>(x, y)</c> or
/// <c>(x, y, sampleWeight)</c>, or a data source of its own (a <see cref="PyDataset"/>, a list of batches, or any
/// enumerable of batches through <see cref="FromSource(IEnumerable{Batch})"/>).
/// </summary>
/// <example>
/// <code>
/// model.Fit(trainBatches, epochs: 5, validationData: (xVal, yVal));
/// model.Fit(trainBatches, epochs: 5, validationData: ValidationData.FromSource(ValBatches()), validationSteps: 10);
/// </code>
/// </example>
public readonly struct ValidationData
{
    private ValidationData(Tensors x, Tensors y, Tensors? sampleWeight, IEnumerable<Batch>? source)
    {
        X = x;
        Y = y;
        SampleWeight = sampleWeight;
        Source = source;
    }

    /// <summary>The validation inputs, for array data.</summary>
    public Tensors X { get; }

    /// <summary>The validation targets, for array data.</summary>
    public Tensors Y { get; }

    /// <summary>The validation sample weights, for array data, or null.</summary>
    public Tensors? SampleWeight { get; }

    /// <summary>The validation batches, for a data source; null for arrays.</summary>
    public IEnumerable<Batch>? Source { get; }

    /// <summary>Validation batches from any enumerable of batches (C# has no implicit conversion from an interface).</summary>
    /// <param name="source">The batches; each validation run enumerates them afresh.</param>
    public static ValidationData FromSource(IEnumerable<Batch> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(default, default, null, source);
    }

    /// <summary>Validation batches from an enumerable of <c>(x, y)</c> pairs.</summary>
    /// <param name="source">The batches.</param>
    public static ValidationData FromSource(IEnumerable<(Tensor X, Tensor Y)> source) => FromSource(Batches.Of(source));

    /// <summary>Validation batches from an enumerable of <c>(x, y)</c> pairs of a model with several inputs or outputs.</summary>
    /// <param name="source">The batches.</param>
    public static ValidationData FromSource(IEnumerable<(Tensors X, Tensors Y)> source) => FromSource(Batches.Of(source));

    /// <summary>Validation arrays <c>(x, y)</c>.</summary>
    /// <param name="data">The inputs and targets.</param>
    public static implicit operator ValidationData((Tensor X, Tensor Y) data) => new(data.X, data.Y, null, null);

    /// <summary>Validation arrays with sample weights.</summary>
    /// <param name="data">The inputs, targets and sample weights.</param>
    public static implicit operator ValidationData((Tensor X, Tensor Y, Tensor SampleWeight) data) => new(data.X, data.Y, data.SampleWeight, null);

    /// <summary>Validation arrays of a model with several inputs or outputs.</summary>
    /// <param name="data">The inputs and targets, each one array, a list or a dictionary.</param>
    public static implicit operator ValidationData((Tensors X, Tensors Y) data) => new(data.X, data.Y, null, null);

    /// <summary>A validation dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    public static implicit operator ValidationData(PyDataset dataset) => FromSource(dataset);

    /// <summary>A list of validation batches.</summary>
    /// <param name="batches">The batches.</param>
    public static implicit operator ValidationData(List<Batch> batches) => FromSource(batches);

    /// <summary>An array of validation batches.</summary>
    /// <param name="batches">The batches.</param>
    public static implicit operator ValidationData(Batch[] batches) => FromSource(batches);
}

using KerasSharp.Engine;

namespace KerasSharp.Data;

/// <summary>
/// One batch of a data source, as Keras' data adapters take it: the inputs, optionally the targets and optionally the
/// sample weights (Keras' <c>(x,)</c>, <c>(x, y)</c> or <c>(x, y, sample_weight)</c> tuples). Each part is one tensor,
/// a list or a dictionary (see <see cref="Tensors"/>), so batches of models with several inputs or outputs are written
/// the same way as their arrays.
/// </summary>
/// <example>
/// <code>
/// Batch a = (xBatch, yBatch);                 // (x, y)
/// Batch b = (xBatch, yBatch, weights);        // (x, y, sample_weight)
/// Batch c = new Batch([titles, bodies], (Tensors)labels);   // two inputs, one target
/// </code>
/// </example>
public readonly struct Batch
{
    /// <summary>Creates a batch.</summary>
    /// <param name="x">The inputs: one tensor, a list in input order or a dictionary by input name.</param>
    /// <param name="y">The targets (empty for a batch of inputs only, as for prediction).</param>
    /// <param name="sampleWeight">The sample weights, or null.</param>
    public Batch(Tensors x, Tensors y = default, Tensors? sampleWeight = null)
    {
        X = x;
        Y = y;
        SampleWeight = sampleWeight;
    }

    /// <summary>The inputs.</summary>
    public Tensors X { get; }

    /// <summary>The targets; empty (<see cref="HasTargets"/> false) for a batch of inputs only.</summary>
    public Tensors Y { get; }

    /// <summary>The sample weights, or null.</summary>
    public Tensors? SampleWeight { get; }

    /// <summary>Whether the batch has targets.</summary>
    public bool HasTargets => Y.Count > 0;

    /// <summary>A batch of inputs only (Keras' <c>(x,)</c>).</summary>
    /// <param name="x">The inputs.</param>
    public static implicit operator Batch(Tensor x) => new(x);

    /// <summary>A batch of inputs and targets (Keras' <c>(x, y)</c>).</summary>
    /// <param name="batch">The inputs and targets.</param>
    public static implicit operator Batch((Tensor X, Tensor Y) batch) => new(batch.X, batch.Y);

    /// <summary>A batch with sample weights (Keras' <c>(x, y, sample_weight)</c>).</summary>
    /// <param name="batch">The inputs, targets and sample weights.</param>
    public static implicit operator Batch((Tensor X, Tensor Y, Tensor SampleWeight) batch) => new(batch.X, batch.Y, batch.SampleWeight);

    /// <summary>A batch of a model with several inputs or outputs.</summary>
    /// <param name="batch">The inputs and targets, each one tensor, a list or a dictionary.</param>
    public static implicit operator Batch((Tensors X, Tensors Y) batch) => new(batch.X, batch.Y);

    /// <summary>A batch of a model with several inputs or outputs, with sample weights.</summary>
    /// <param name="batch">The inputs, targets and sample weights.</param>
    public static implicit operator Batch((Tensors X, Tensors Y, Tensors SampleWeight) batch) => new(batch.X, batch.Y, batch.SampleWeight);

    /// <summary>Deconstructs into inputs and targets: <c>var (x, y) = batch;</c>.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The targets.</param>
    public void Deconstruct(out Tensors x, out Tensors y)
    {
        x = X;
        y = Y;
    }

    /// <summary>Deconstructs into inputs, targets and sample weights.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The targets.</param>
    /// <param name="sampleWeight">The sample weights, or null.</param>
    public void Deconstruct(out Tensors x, out Tensors y, out Tensors? sampleWeight)
    {
        x = X;
        y = Y;
        sampleWeight = SampleWeight;
    }
}

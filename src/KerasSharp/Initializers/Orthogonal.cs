using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// A random orthogonal matrix times <see cref="Gain"/> (<c>keras.initializers.Orthogonal</c>): the Q factor
/// of a normal random matrix, signs fixed so that R has a positive diagonal. A shape of rank above 2 is treated as
/// a <c>(shape[0]·…·shape[n−2], shape[n−1])</c> matrix. With fewer rows than columns the rows are orthonormal,
/// otherwise the columns.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new Orthogonal(gain: 1.0, seed: 3));
/// </code>
/// </example>
public sealed class Orthogonal : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplicative factor.</param>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public Orthogonal(double gain = 1.0, int? seed = null)
        : base(seed)
    {
        Gain = ConfigValues.AsWritten(gain);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="gain">Multiplicative factor.</param>
    public Orthogonal(SeedGenerator seed, double gain = 1.0)
        : base(seed)
    {
        Gain = ConfigValues.AsWritten(gain);
    }

    /// <summary>Multiplicative factor.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"The tensor to initialize must be at least two-dimensional. Received: shape={shape} of rank {shape.Rank}.", nameof(shape));
        }
        var result = NewTensor(shape);
        int cols = shape[^1];
        int rows = cols == 0 ? 0 : shape.Size / cols;
        int tall = Math.Max(rows, cols), narrow = Math.Min(rows, cols);

        // a (tall × narrow) normal matrix, orthonormalised column by column (Gram–Schmidt, twice for stability)
        var rng = CallRng();
        var q = new double[tall * narrow];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = rng.Normal();
        }
        for (int j = 0; j < narrow; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int r = 0; r < tall; r++)
                    {
                        dot += q[r * narrow + k] * q[r * narrow + j];
                    }
                    for (int r = 0; r < tall; r++)
                    {
                        q[r * narrow + j] -= dot * q[r * narrow + k];
                    }
                }
            }
            double norm = 0;
            for (int r = 0; r < tall; r++)
            {
                norm += q[r * narrow + j] * q[r * narrow + j];
            }
            norm = Math.Sqrt(norm);
            for (int r = 0; r < tall; r++)
            {
                q[r * narrow + j] /= norm;
            }
        }

        var data = result.Data;
        double gain = Gain;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                // rows >= cols: Q is (rows × cols); otherwise the result is Qᵀ with Q (cols × rows)
                double value = rows >= cols ? q[r * narrow + c] : q[c * narrow + r];
                data[r * cols + c] = (float)(gain * value);
            }
        }
        return result;
    }

    /// <summary>Keras' config: <c>seed</c>, <c>gain</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["seed"] = SeedConfig(),
        ["gain"] = Gain,
    };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Orthogonal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double gain = ConfigValues.GetDouble(config, "gain", 1.0);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new Orthogonal(gain, seed) : new Orthogonal(generator, gain);
    }
}

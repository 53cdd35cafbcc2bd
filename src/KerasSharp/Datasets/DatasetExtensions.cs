using System.Runtime.InteropServices;
using KerasSharp.Engine;

namespace KerasSharp.Datasets;

/// <summary>
/// Turns the <c>uint8</c> arrays the dataset loaders return into float32 tensors, the step the Keras tutorials write
/// as <c>x_train / 255.0</c>.
/// </summary>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
/// Tensor x = xTrain.ToTensor(divisor: 255f);                         // (60000, 28, 28)
/// Tensor xConv = xTrain.ToTensor(divisor: 255f, addChannelAxis: true); // (60000, 28, 28, 1) for Conv2D
/// Tensor y = yTrain.ToTensor();                                      // (60000,)
/// </code>
/// </example>
public static class DatasetExtensions
{
    /// <summary>
    /// A float32 tensor of the images, each pixel divided by <paramref name="divisor"/>.
    /// </summary>
    /// <param name="images">Images of shape (count, rows, columns), as returned by <c>LoadData()</c>.</param>
    /// <param name="divisor">What each pixel is divided by: <c>255f</c> scales to [0, 1] exactly as Keras'
    /// <c>x / 255.0</c> does once cast to float32; the default <c>1f</c> keeps the values 0-255.</param>
    /// <param name="addChannelAxis">True to append a channel axis of size 1, the <c>channels_last</c> input
    /// <c>Conv2D</c> expects.</param>
    /// <returns>A tensor of shape (count, rows, columns), or (count, rows, columns, 1) with
    /// <paramref name="addChannelAxis"/>.</returns>
    public static Tensor ToTensor(this byte[,,] images, float divisor = 1f, bool addChannelAxis = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!(divisor > 0) || float.IsInfinity(divisor))
        {
            throw new ArgumentOutOfRangeException(
                nameof(divisor), divisor, $"Argument `divisor` must be a positive finite number; received {divisor}.");
        }

        ReadOnlySpan<byte> pixels = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length);
        var buffer = GC.AllocateUninitializedArray<float>(pixels.Length);
        // a byte has 256 values: divide each once, then look the pixels up (the same floats as dividing every pixel)
        Span<float> values = stackalloc float[256];
        for (int b = 0; b < values.Length; b++)
        {
            values[b] = b / divisor;
        }
        for (int i = 0; i < pixels.Length; i++)
        {
            buffer[i] = values[pixels[i]];
        }

        int n = images.GetLength(0), rows = images.GetLength(1), cols = images.GetLength(2);
        Shape shape = addChannelAxis ? new Shape(n, rows, cols, 1) : new Shape(n, rows, cols);
        return Tensor.Adopt(buffer, shape);
    }

    /// <summary>A float32 tensor of the labels, shape (count,), as sparse categorical losses and metrics expect.</summary>
    /// <param name="labels">Labels as returned by <c>LoadData()</c>.</param>
    /// <returns>A rank-1 tensor with one value per label.</returns>
    public static Tensor ToTensor(this byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var buffer = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            buffer[i] = labels[i];
        }

        return Tensor.Adopt(buffer, new Shape(labels.Length));
    }

    /// <summary>The labels as integers, e.g. to index <see cref="FashionMnist.ClassNames"/> or count classes.</summary>
    /// <param name="labels">Labels as returned by <c>LoadData()</c>.</param>
    /// <returns>A new array with one integer per label.</returns>
    public static int[] ToInt32Array(this byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            result[i] = labels[i];
        }

        return result;
    }
}

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
/// Tensor x = xTrain.ToTensor(divisor: 255.0);                         // (60000, 28, 28)
/// Tensor xConv = xTrain.ToTensor(divisor: 255.0, addChannelAxis: true); // (60000, 28, 28, 1) for Conv2D
/// Tensor y = yTrain.ToTensor();                                      // (60000,)
/// </code>
/// </example>
public static class DatasetExtensions
{
    /// <summary>
    /// A float32 tensor of the images, each pixel divided by <paramref name="divisor"/>.
    /// </summary>
    /// <param name="images">Images of shape (count, rows, columns), as returned by <c>LoadData()</c>.</param>
    /// <param name="divisor">What each pixel is divided by: <c>255.0</c> scales to [0, 1] exactly as Keras'
    /// <c>x / 255.0</c> does once cast to float32; the default <c>1</c> keeps the values 0-255.</param>
    /// <param name="addChannelAxis">True to append a channel axis of size 1, the <c>channels_last</c> input
    /// <c>Conv2D</c> expects.</param>
    /// <returns>A tensor of shape (count, rows, columns), or (count, rows, columns, 1) with
    /// <paramref name="addChannelAxis"/>.</returns>
    public static Tensor ToTensor(this byte[,,] images, double divisor = 1.0, bool addChannelAxis = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        float[] buffer = Scale(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length), divisor);
        int n = images.GetLength(0), rows = images.GetLength(1), cols = images.GetLength(2);
        Shape shape = addChannelAxis ? new Shape(n, rows, cols, 1) : new Shape(n, rows, cols);
        return Tensor.Adopt(buffer, shape);
    }

    /// <summary>
    /// A float32 tensor of colour images such as <c>Cifar10.LoadData()</c>'s, shape (count, rows, columns,
    /// channels), each value divided by <paramref name="divisor"/>.
    /// </summary>
    /// <param name="images">Images of shape (count, rows, columns, channels).</param>
    /// <param name="divisor">What each value is divided by: <c>255.0</c> scales to [0, 1] as Keras' <c>x / 255.0</c>
    /// does once cast to float32; the default <c>1</c> keeps the values 0-255.</param>
    /// <returns>A rank-4 tensor of the same shape.</returns>
    public static Tensor ToTensor(this byte[,,,] images, double divisor = 1.0)
    {
        ArgumentNullException.ThrowIfNull(images);
        float[] buffer = Scale(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length), divisor);
        return Tensor.Adopt(buffer, new Shape(images.GetLength(0), images.GetLength(1), images.GetLength(2), images.GetLength(3)));
    }

    /// <summary>A float32 tensor of labels stored one per row, shape (count, 1), as <c>Cifar10.LoadData()</c>
    /// returns them; sparse categorical losses and metrics accept this shape.</summary>
    /// <param name="labels">Labels of shape (count, 1).</param>
    /// <returns>A rank-2 tensor of the same shape.</returns>
    public static Tensor ToTensor(this byte[,] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        float[] buffer = Scale(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(labels), labels.Length), 1.0);
        return Tensor.Adopt(buffer, new Shape(labels.GetLength(0), labels.GetLength(1)));
    }

    /// <summary>A float32 tensor of a table of features such as <c>BostonHousing.LoadData()</c>'s, shape (count,
    /// features); each double is rounded to the nearest float.</summary>
    /// <param name="values">Rows of features.</param>
    /// <returns>A rank-2 tensor of the same shape.</returns>
    public static Tensor ToTensor(this double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        ReadOnlySpan<double> source = MemoryMarshal.Cast<byte, double>(
            MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(values), values.Length * sizeof(double)));
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (float)source[i];
        }

        return Tensor.Adopt(buffer, new Shape(values.GetLength(0), values.GetLength(1)));
    }

    /// <summary>A float32 tensor of regression targets, shape (count,); each double is rounded to the nearest float.</summary>
    /// <param name="values">The targets.</param>
    /// <returns>A rank-1 tensor.</returns>
    public static Tensor ToTensor(this double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (float)values[i];
        }

        return Tensor.Adopt(buffer, new Shape(values.Length));
    }

    /// <summary>A float32 tensor of integer labels such as <c>Imdb.LoadData()</c>'s, shape (count,).</summary>
    /// <param name="labels">The labels.</param>
    /// <returns>A rank-1 tensor.</returns>
    public static Tensor ToTensor(this int[] labels) => Tensor.FromArray(labels);

    /// <summary>A float32 tensor of the labels, shape (count,), as sparse categorical losses and metrics expect.</summary>
    /// <param name="labels">Labels as returned by <c>LoadData()</c>.</param>
    /// <returns>A rank-1 tensor with one value per label.</returns>
    public static Tensor ToTensor(this byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Tensor.Adopt(Scale(labels, 1.0), new Shape(labels.Length));
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

    /// <summary>Each byte divided by <paramref name="divisor"/>, as floats.</summary>
    private static float[] Scale(ReadOnlySpan<byte> bytes, double divisor)
    {
        if (!(divisor > 0) || double.IsInfinity(divisor))
        {
            throw new ArgumentOutOfRangeException(
                nameof(divisor), divisor, $"Argument `divisor` must be a positive finite number; received {divisor}.");
        }

        var buffer = GC.AllocateUninitializedArray<float>(bytes.Length);
        // a byte has 256 values: divide each once, then look the bytes up (the same floats as dividing every one)
        Span<float> values = stackalloc float[256];
        for (int b = 0; b < values.Length; b++)
        {
            values[b] = (float)(b / divisor);   // Keras' x / 255.0 in double, then float32
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            buffer[i] = values[bytes[i]];
        }

        return buffer;
    }
}

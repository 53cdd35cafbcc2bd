using System.Globalization;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Floating-point hyper-parameters of layers, regularizers and initializers: public APIs take and expose them as
/// <c>double</c> (a Keras user's <c>0.5</c> or <c>1e-3</c> compiles, and the value is kept as Keras keeps a Python
/// float), and the float32 kernels read a <c>float</c> copy made once at construction.
/// </summary>
internal static class HyperParameter
{
    /// <summary>
    /// The value as its caller wrote it. A double that is exactly a float is taken to be a widened float literal, so
    /// <c>0.9f</c> (0.89999997615814209 as a double) becomes <c>0.9</c>, the decimal that was typed; any other
    /// double is returned unchanged. Computing from the result (<c>1 − momentum</c> in double, as Keras does) gives
    /// the same numbers whether the caller wrote <c>0.9</c> or <c>0.9f</c>, and configs write the decimal either way.
    /// </summary>
    public static double AsWritten(double value) =>
        (double)(float)value == value ? ConfigValues.ToDouble((float)value) : value;

    /// <summary>Keras' dropout-rate check: a value in [0, 1] (NaN is rejected), returned <see cref="AsWritten"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is outside [0, 1].</exception>
    public static double CheckRate(double rate, string paramName)
    {
        rate = AsWritten(rate);
        if (!(rate >= 0.0 && rate <= 1.0))
        {
            throw new ArgumentException(
                $"Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={rate.ToString(CultureInfo.InvariantCulture)}",
                paramName);
        }
        return rate;
    }
}

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
    /// <summary>Keras' dropout-rate check: a value in [0, 1] (NaN is rejected), returned as written (<see cref="ConfigValues.AsWritten"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is outside [0, 1].</exception>
    public static double CheckRate(double rate, string paramName)
    {
        rate = ConfigValues.AsWritten(rate);
        if (!(rate >= 0.0 && rate <= 1.0))
        {
            throw new ArgumentException(
                $"Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={rate.ToString(CultureInfo.InvariantCulture)}",
                paramName);
        }
        return rate;
    }
}

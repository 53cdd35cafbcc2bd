#nullable enable
namespace KerasSharp.Plotting;

/// <summary>A curve: 1-based epoch numbers and the values recorded at them.</summary>
internal sealed record Curve(double[] Epochs, double[] Values);

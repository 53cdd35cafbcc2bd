namespace KerasSharp.Utils;

/// <summary>
/// The columns of a Keras 3 model summary: their headers, alignments and cumulative positions (fractions of the line
/// length), and the widest table Keras draws with them on a wide terminal.
/// </summary>
/// <param name="Headers">Column headers.</param>
/// <param name="RightAligned">Whether each column is right-aligned (the parameter counts).</param>
/// <param name="Positions">Cumulative column positions as fractions of the line length, the last one 1.0.</param>
/// <param name="MaxLineLength">Keras' default line length for this layout (the width on a wide terminal).</param>
internal sealed record SummaryLayout(string[] Headers, bool[] RightAligned, double[] Positions, int MaxLineLength)
{
    /// <summary>
    /// Sequential-like models (Sequential, subclassed, and Functional models that are one chain without shared
    /// layers): <c>Layer (type)</c>, <c>Output Shape</c>, <c>Param #</c> at 0.45 / 0.80 / 1.0, at most 88 wide.
    /// </summary>
    internal static readonly SummaryLayout Sequential = new(
        ["Layer (type)", "Output Shape", "Param #"], [false, false, true], [0.45, 0.80, 1.0], 88);

    /// <summary>
    /// Other Functional models: a fourth column <c>Connected to</c>, positions 0.3 / 0.56 / 0.74 / 1.0, at most 108 wide.
    /// </summary>
    internal static readonly SummaryLayout Functional = new(
        ["Layer (type)", "Output Shape", "Param #", "Connected to"], [false, false, true, false], [0.3, 0.56, 0.74, 1.0], 108);

    /// <summary>True when the table has the <c>Connected to</c> column.</summary>
    internal bool HasConnections => Headers.Length == 4;
}

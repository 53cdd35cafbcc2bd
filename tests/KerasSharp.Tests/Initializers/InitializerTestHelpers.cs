namespace KerasSharp.Tests.Initializers;

internal static class InitializerTestHelpers
{
    public static (double Mean, double Std, double Min, double Max) Stats(ReadOnlySpan<float> values)
    {
        double sum = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var v in values)
        {
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double mean = sum / values.Length;
        double ss = 0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }
        return (mean, Math.Sqrt(ss / values.Length), min, max);
    }
}

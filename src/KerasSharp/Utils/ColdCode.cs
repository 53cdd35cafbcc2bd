using System.Runtime.CompilerServices;

namespace KerasSharp.Utils;

/// <summary>
/// For code that runs once per model or per call of Fit/Evaluate/Predict (building a graph, compiling losses and
/// metrics, checking the data), never per step: <c>[MethodImpl(ColdCode.Options)]</c> compiles it without
/// optimisation. The package compiles methods with loops optimised at once (build/KerasSharp.props), which the
/// training step needs but which makes each such one-time method cost a millisecond or more of start-up; unoptimised,
/// these methods compile several times faster and run once.
/// </summary>
internal static class ColdCode
{
    /// <summary>The options for a method that runs once per model or per call, not per step.</summary>
    public const MethodImplOptions Options = MethodImplOptions.NoOptimization;
}

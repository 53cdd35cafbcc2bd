using KerasSharp.Engine;

namespace KerasSharp.Saving;

/// <summary>
/// Bounds the weights a model built from a file's config may create, by what the file could hold, so that a hostile
/// or damaged config (a layer with 10¹² units) fails with a clear error before anything large is allocated, instead
/// of exhausting memory. The bound is generous: the file's size as float32 values, times 1000 for weights stored
/// compressed, plus a floor for files whose weights are initialized rather than stored.
/// </summary>
internal static class LoadBudget
{
    private const long FloorElements = 1L << 24;
    private const long CompressionAllowance = 1000;

    [ThreadStatic]
    private static Scope? t_scope;

    /// <summary>Limits weight creation on this thread while the result is not disposed.</summary>
    /// <param name="file">The file being loaded, for messages.</param>
    /// <param name="storedBytes">The bytes the file devotes to weights (its size).</param>
    /// <param name="skipInitializers">Whether the loader assigns every weight from the file (see <see cref="InitializersSkipped"/>).</param>
    public static Scope Limit(string file, long storedBytes, bool skipInitializers = false)
    {
        var scope = new Scope(file, FloorElements + storedBytes / sizeof(float) * CompressionAllowance, t_scope) { SkipInitializers = skipInitializers };
        t_scope = scope;
        return scope;
    }

    /// <summary>
    /// True while a loader that assigns every weight from its file builds the model: the weights start as zeros
    /// instead of running their initializers (for a large model most of the load time), since the file's values
    /// replace them all or the load fails.
    /// </summary>
    public static bool InitializersSkipped => t_scope is { SkipInitializers: true };

    /// <summary>
    /// Limits weight creation on this thread to <paramref name="elements"/> values in all while the result is not
    /// disposed: for a loader that has read the file's weights first and knows how many values the model may need.
    /// </summary>
    /// <param name="file">The file being loaded, for messages.</param>
    /// <param name="elements">The most weight values the model may create.</param>
    /// <param name="skipInitializers">Whether the loader assigns every weight from the file (see <see cref="InitializersSkipped"/>).</param>
    public static Scope LimitTo(string file, long elements, bool skipInitializers = false)
    {
        var scope = new Scope(file, elements, t_scope) { SkipInitializers = skipInitializers };
        t_scope = scope;
        return scope;
    }

    /// <summary>Counts a weight about to be created against the current load's budget, if a load is running.</summary>
    /// <exception cref="InvalidDataException">The model's weights would exceed what the file could hold.</exception>
    public static void Claim(string layer, string path, Shape shape)
    {
        if (t_scope is not { } scope || !shape.IsFullyDefined)
        {
            return;
        }
        long elements = shape.ElementCount;
        scope.Used = elements > long.MaxValue - scope.Used ? long.MaxValue : scope.Used + elements;
        if (scope.Used > scope.Limit)
        {
            throw new InvalidDataException(
                $"The model in '{scope.File}' is impossibly large for its file: layer \"{layer}\" would create the weight '{path}' of shape {shape}, " +
                $"bringing the model to {scope.Used} values, while the file has room for at most {scope.Limit}. The file is damaged or not a genuine model.");
        }
    }

    /// <summary>One load's budget; disposing it restores the enclosing one.</summary>
    internal sealed class Scope(string file, long limit, Scope? outer) : IDisposable
    {
        public string File { get; } = file;

        public long Limit { get; } = limit;

        public long Used { get; set; }

        /// <summary>See <see cref="InitializersSkipped"/>; set by loaders that assign every weight.</summary>
        public bool SkipInitializers { get; set; }

        /// <inheritdoc/>
        public void Dispose() => t_scope = outer;
    }
}

namespace KerasSharp.Layers;

/// <summary>Keras' <c>pool_mode</c> of a pooling layer.</summary>
internal enum PoolMode
{
    /// <summary>The maximum of each window.</summary>
    Max,

    /// <summary>The mean of each window.</summary>
    Average,
}

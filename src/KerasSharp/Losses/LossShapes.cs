namespace KerasSharp.Losses;

/// <summary>What a <see cref="FormulaLoss"/> requires of the shapes of <c>yTrue</c> and <c>yPred</c> after Keras' rank alignment.</summary>
internal enum LossShapes
{
    /// <summary>Only the rank alignment (a user's function checks what it needs).</summary>
    AlignRanks,

    /// <summary>Shapes that broadcast together, as Keras' element-wise formulas accept.</summary>
    Broadcastable,

    /// <summary>Equal shapes, as Keras' cross-entropy ops require.</summary>
    Equal,

    /// <summary>No alignment: the formula reads the tensors as given (sparse labels).</summary>
    AsGiven,
}

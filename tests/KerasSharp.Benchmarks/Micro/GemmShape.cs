namespace KerasSharp.Benchmarks.Micro;

/// <summary>
/// One GEMM problem <c>C(m×n) = op(A)·op(B)</c> with <c>op(A)</c> (m×k) and <c>op(B)</c> (k×n); a transposed operand is
/// stored the other way round and read in place, as the backward pass does.
/// </summary>
/// <param name="Name">Label in the report.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">Inner dimension.</param>
/// <param name="TransposeA">A is stored (k, m).</param>
/// <param name="TransposeB">B is stored (n, k).</param>
public sealed record GemmShape(string Name, int M, int N, int K, bool TransposeA = false, bool TransposeB = false)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// One product <c>C (+)= op(A)·op(B)</c> on pinned row-major memory: op(A) is (M, K), op(B) is (K, N), C is (M, N);
/// each matrix has its stored row stride (<c>Ld*</c>), so a rectangle of C can be handed out as a sub-problem.
/// </summary>
internal readonly unsafe struct GemmProblem(float* a, nint lda, bool transposeA, float* b, nint ldb, bool transposeB,
    float* c, nint ldc, int m, int n, int k, bool accumulate)
{
    /// <summary>A, stored (M, K), or (K, M) when <see cref="TransposeA"/>.</summary>
    public readonly float* A = a;
    /// <summary>Row stride of the stored A.</summary>
    public readonly nint Lda = lda;
    /// <summary>Whether A is stored transposed.</summary>
    public readonly bool TransposeA = transposeA;
    /// <summary>B, stored (K, N), or (N, K) when <see cref="TransposeB"/>.</summary>
    public readonly float* B = b;
    /// <summary>Row stride of the stored B.</summary>
    public readonly nint Ldb = ldb;
    /// <summary>Whether B is stored transposed.</summary>
    public readonly bool TransposeB = transposeB;
    /// <summary>C, stored (M, N).</summary>
    public readonly float* C = c;
    /// <summary>Row stride of C.</summary>
    public readonly nint Ldc = ldc;
    /// <summary>Rows of C.</summary>
    public readonly int M = m;
    /// <summary>Columns of C.</summary>
    public readonly int N = n;
    /// <summary>The shared inner dimension.</summary>
    public readonly int K = k;
    /// <summary>Add into C instead of overwriting it.</summary>
    public readonly bool Accumulate = accumulate;

    /// <summary>Address of op(A)[i, p].</summary>
    public float* OpA(int i, int p) => TransposeA ? A + p * Lda + i : A + i * Lda + p;

    /// <summary>Address of op(B)[p, j].</summary>
    public float* OpB(int p, int j) => TransposeB ? B + j * Ldb + p : B + p * Ldb + j;

    /// <summary>The same product restricted to rows [i, i + rows) and columns [j, j + cols) of C.</summary>
    public GemmProblem Slice(int i, int rows, int j, int cols) =>
        new(OpA(i, 0), Lda, TransposeA, OpB(0, j), Ldb, TransposeB, C + i * Ldc + j, Ldc, rows, cols, K, Accumulate);
}

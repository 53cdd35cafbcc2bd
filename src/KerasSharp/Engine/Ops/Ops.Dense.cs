using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    private readonly record struct DenseState(int Rows, int InputDim, int Units, bool Relu);

    /// <summary>
    /// The fused Dense layer op: <c>act(x · kernel + bias)</c> with <c>act</c> linear or ReLU, computed as one matrix
    /// product followed by a single pass that adds the bias and applies the activation. Its backward applies the ReLU
    /// mask once and produces the three gradients with two matrix products and a column sum. <paramref name="x"/> may
    /// have rank &gt; 2 (the kernel acts on the last axis). Equivalent to <c>Relu(Add(MatMul(x, kernel), bias))</c>.
    /// </summary>
    /// <param name="x">Inputs <c>(…, inputDim)</c>.</param>
    /// <param name="kernel">Kernel <c>(inputDim, units)</c>.</param>
    /// <param name="bias">Bias <c>(units)</c>, or null.</param>
    /// <param name="relu">Apply ReLU (gradient 0 at 0), else linear.</param>
    internal static Tensor Dense(Tensor x, Tensor kernel, Tensor? bias, bool relu)
    {
        int inputDim = kernel.Shape[0], units = kernel.Shape[1];
        if (x.Rank < 2 || x.Shape[^1] != inputDim || (bias is not null && (bias.Rank != 1 || bias.Shape[0] != units)))
        {
            throw new ArgumentException($"Dense expects inputs (…, {inputDim}), a ({inputDim}, {units}) kernel and a ({units},) bias, but received {x.Shape}, {kernel.Shape} and {bias?.Shape.ToString() ?? "no bias"}.");
        }
        int rows = x.Size / Math.Max(inputDim, 1);
        if (inputDim == 0)
        {
            rows = 1;
            for (int i = 0; i < x.Rank - 1; i++)
            {
                rows *= x.Shape[i];
            }
        }
        var y = Tensor.Empty(x.Shape.With(x.Rank - 1, units));
        Gemm.Multiply(x.Span, kernel.Span, y.Data, rows, units, inputDim);
        if (bias is not null || relu)
        {
            BiasActivation.Forward(y.Data, bias is null ? default : bias.Span, units, relu);
        }
        var state = new DenseState(rows, inputDim, units, relu);
        if (bias is null)
        {
            GradientTape.RecordOp(y, [x, kernel], static (g, node) => DenseBackward(g, node), state);
        }
        else
        {
            GradientTape.RecordOp(y, [x, kernel, bias], static (g, node) => DenseBackward(g, node), state);
        }
        return y;
    }

    private static InputGradients DenseBackward(Tensor g, TapeNode node)
    {
        var st = node.GetState<DenseState>();
        var dz = g;
        if (st.Relu)
        {
            dz = Tensor.Empty(g.Shape);
            BiasActivation.ReluBackward(node.Output.Span, g.Span, dz.Data);
        }
        var result = new InputGradients(node.InputCount);
        if (node.NeedsGradient(0))
        {
            // dX = dZ · Wᵀ
            var dx = Tensor.Empty(node.A.Shape);
            Gemm.Multiply(dz.Span, node.B.Span, dx.Data, st.Rows, st.InputDim, st.Units, transposeB: true);
            result[0] = dx;
        }
        if (node.NeedsGradient(1))
        {
            // dW = Xᵀ · dZ
            var dw = Tensor.Empty(node.B.Shape);
            Gemm.Multiply(node.A.Span, dz.Span, dw.Data, st.InputDim, st.Units, st.Rows, transposeA: true);
            result[1] = dw;
        }
        if (result.Count == 3 && node.NeedsGradient(2))
        {
            var db = Tensor.Zeros(node.Input(2).Shape);
            BiasActivation.AccumulateColumnSums(dz.Span, st.Units, db.Data);
            result[2] = db;
        }
        return result;
    }
}

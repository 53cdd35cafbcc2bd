using KerasSharp.Engine;

namespace KerasSharp.Examples.FashionMnist;

/// <summary>Per-class accuracy and the most frequent confusion, from predicted scores and true labels.</summary>
public static class ConfusionSummary
{
    /// <summary>The confusion matrix: rows are true classes, columns predicted classes.</summary>
    /// <param name="scores">Predicted scores or logits, shape (n, classes).</param>
    /// <param name="labels">True class ids.</param>
    public static int[,] Matrix(Tensor scores, byte[] labels)
    {
        int classes = scores.Shape[1];
        var matrix = new int[classes, classes];
        var s = scores.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = s.Slice(i * classes, classes);
            int predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            matrix[labels[i], predicted]++;
        }
        return matrix;
    }

    /// <summary>Prints one line per class: accuracy and the class it is most often mistaken for.</summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <param name="classNames">Class names.</param>
    /// <param name="output">Where to print.</param>
    public static void Print(int[,] matrix, IReadOnlyList<string> classNames, TextWriter output)
    {
        int classes = matrix.GetLength(0);
        output.WriteLine($"{"class",-12} {"accuracy",8}  most often mistaken for");
        for (int c = 0; c < classes; c++)
        {
            int total = 0, worst = -1, worstCount = 0;
            for (int p = 0; p < classes; p++)
            {
                total += matrix[c, p];
                if (p != c && matrix[c, p] > worstCount)
                {
                    worst = p;
                    worstCount = matrix[c, p];
                }
            }
            double accuracy = total == 0 ? 0 : (double)matrix[c, c] / total;
            string mistaken = worst < 0 ? "-" : $"{classNames[worst]} ({worstCount})";
            output.WriteLine($"{classNames[c],-12} {accuracy,8:P1}  {mistaken}");
        }
    }
}

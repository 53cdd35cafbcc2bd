using KerasSharp.Engine;

namespace KerasSharp.Examples.TransferLearning;

/// <summary>Picks images of some classes out of a dataset and renumbers their labels from 0.</summary>
public static class ClassSubsets
{
    /// <summary>Images whose label is in [<paramref name="firstClass"/>, <paramref name="firstClass"/> + <paramref name="classCount"/>), labels shifted to start at 0.</summary>
    /// <param name="images">Images, shape (n, 28, 28, 1).</param>
    /// <param name="labels">Labels 0–9.</param>
    /// <param name="firstClass">First class to keep.</param>
    /// <param name="classCount">How many consecutive classes to keep.</param>
    /// <param name="perClass">Keep at most this many images of each class (the first ones), or all when null.</param>
    public static (Tensor X, Tensor Y) Select(Tensor images, byte[] labels, int firstClass, int classCount, int? perClass = null)
    {
        var taken = new int[classCount];
        var rows = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            int c = labels[i] - firstClass;
            if (c >= 0 && c < classCount && (perClass is null || taken[c] < perClass))
            {
                taken[c]++;
                rows.Add(i);
            }
        }
        var y = rows.Select(i => (float)(labels[i] - firstClass)).ToArray();
        return (Ops.TakeRows(images, rows.ToArray()), Tensor.FromArray(y));
    }
}

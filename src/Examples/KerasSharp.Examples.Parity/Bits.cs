namespace KerasSharp.Examples.Parity;

/// <summary>Turns integers into 8-bit vectors, most significant bit first.</summary>
public static class Bits
{
    /// <summary>The 8 bits of <paramref name="value"/>, MSB first, as floats 0 and 1.</summary>
    /// <param name="value">A value in [0, 255].</param>
    public static float[] ToVector(int value)
    {
        var bits = new float[8];
        for (int i = 0; i < 8; i++)
        {
            bits[i] = (value >> (7 - i)) & 1;
        }
        return bits;
    }

    /// <summary>One row of 8 bits per value.</summary>
    /// <param name="values">The values.</param>
    public static float[,] ToMatrix(IEnumerable<int> values)
    {
        var list = values.ToList();
        var matrix = new float[list.Count, 8];
        for (int r = 0; r < list.Count; r++)
        {
            var bits = ToVector(list[r]);
            for (int c = 0; c < 8; c++)
            {
                matrix[r, c] = bits[c];
            }
        }
        return matrix;
    }
}

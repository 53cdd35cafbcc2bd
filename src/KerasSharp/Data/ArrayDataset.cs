using KerasSharp.Engine;

namespace KerasSharp.Data;

/// <summary>How a <see cref="Tensors"/> was given (one tensor, a list, a dictionary), to give its parts the same way.</summary>
internal readonly record struct Structure(bool Single, string[]? Names, bool Dictionary)
{
    public static Structure Of(Tensors tensors) => new(tensors.IsSingle, tensors.Names?.ToArray(), tensors.IsDictionary);

    public Tensors Rebuild(Tensor?[] parts) => Single ? Tensors.OfSingle(parts[0]) : Tensors.Of(parts, Names, Dictionary);
}

/// <summary>Arrays served as batches of a fixed size, in order (the sides of a split data source).</summary>
internal sealed class ArrayDataset : PyDataset
{
    private readonly Tensor[] _x;
    private readonly Tensor[]? _y;
    private readonly Tensor[]? _sampleWeight;
    private readonly Structure _xNames, _yNames;
    private readonly int _samples;
    private readonly int _batchSize;

    public ArrayDataset(Tensor[] x, Structure xNames, Tensor[]? y, Structure yNames, Tensor[]? sampleWeight, int batchSize)
    {
        _x = x;
        _y = y;
        _sampleWeight = sampleWeight;
        _xNames = xNames;
        _yNames = yNames;
        _samples = x[0].Shape[0];
        _batchSize = batchSize;
    }

    public override int? Count => (_samples + _batchSize - 1) / _batchSize;

    public override Batch this[int index]
    {
        get
        {
            int count = Count!.Value;
            if (index < 0 || index >= count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Batch index {index} is out of range: the dataset has {count} batches.");
            }
            int start = index * _batchSize;
            int rows = Math.Min(_batchSize, _samples - start);
            Tensors Part(Tensor[] arrays, Structure names)
            {
                var slices = new Tensor?[arrays.Length];
                for (int i = 0; i < arrays.Length; i++)
                {
                    slices[i] = Ops.SliceRows(arrays[i], start, rows);
                }
                return names.Rebuild(slices);
            }
            return new Batch(Part(_x, _xNames), _y is null ? default : Part(_y, _yNames), _sampleWeight is null ? null : (Tensors?)Part(_sampleWeight, _yNames));
        }
    }
}

using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace KerasSharp.Saving.Tfjs;

/// <summary>
/// The <c>weightsManifest</c> of a TF.js <c>model.json</c> and the binary shards it names
/// (<c>tfjs-core/src/io/io_utils.ts</c> <c>decodeWeights</c>): groups of <c>paths</c> and <c>weights</c>
/// (<c>name</c>, <c>shape</c>, <c>dtype</c>, optional <c>quantization</c>); the shards of all groups are
/// concatenated in order and the weights follow each other with no header or padding, little-endian.
/// Every size is checked against the shard files' lengths before anything is allocated.
/// </summary>
internal static class TfjsWeights
{
    /// <summary>
    /// A weight of the manifest: its name, shape and manifest group (<c>optimizer</c> for an optimizer's), how it is
    /// stored, and its size in the shards (for strings, the least it can take).
    /// </summary>
    public sealed record Spec(string Name, int[] Shape, long Count, string Dtype, string? Quantized, double Scale, double Min, long Bytes, string? Group);

    /// <summary>The weights a manifest describes and the shards holding them, checked to be long enough.</summary>
    public sealed class Manifest(List<Spec> specs, List<string> shards, string file)
    {
        /// <summary>The weights, in the order they follow each other in the shards.</summary>
        public IReadOnlyList<Spec> Specs => specs;

        /// <summary>
        /// Reads the weights <paramref name="keep"/> selects as float32 values (the others are skipped over), in order.
        /// </summary>
        public List<(Spec Spec, float[] Values)> Read(Func<Spec, bool> keep)
        {
            var values = new List<(Spec, float[])>();
            using var reader = new ShardReader(shards, file);
            foreach (var spec in specs)
            {
                if (keep(spec))
                {
                    values.Add((spec, Decode(spec, reader, file)));
                }
                else
                {
                    Skip(spec, reader);
                }
            }
            return values;
        }
    }

    /// <summary>Reads the manifest and checks that its shards exist, lie in the model's folder and hold enough bytes; reads no weight.</summary>
    /// <param name="manifest">The <c>weightsManifest</c> array.</param>
    /// <param name="folder">The folder of <c>model.json</c>, which the shard paths are relative to.</param>
    /// <param name="file">The <c>model.json</c> path, for messages.</param>
    /// <exception cref="InvalidDataException">The manifest is malformed, a shard is outside the folder or shorter than the manifest says.</exception>
    /// <exception cref="FileNotFoundException">A shard is missing.</exception>
    public static Manifest Parse(JsonNode? manifest, string folder, string file)
    {
        if (manifest is not JsonArray groups)
        {
            throw new InvalidDataException($"The TF.js model '{file}' has no 'weightsManifest' array.");
        }
        var shards = new List<string>();
        var specs = new List<Spec>();
        foreach (var groupNode in groups)
        {
            if (groupNode is not JsonObject group || group["paths"] is not JsonArray paths || group["weights"] is not JsonArray weights)
            {
                throw new InvalidDataException($"Each group of the 'weightsManifest' of '{file}' must have 'paths' and 'weights' arrays. Received: {Abbreviate(groupNode)}");
            }
            foreach (var pathNode in paths)
            {
                shards.Add(ShardPath(pathNode, folder, file));
            }
            foreach (var weight in weights)
            {
                specs.Add(ReadSpec(weight, file));
            }
        }

        long available = 0;
        foreach (var shard in shards)
        {
            available += new FileInfo(shard).Length;
        }
        long needed = 0;
        foreach (var spec in specs)
        {
            needed += spec.Bytes;
        }
        if (needed > available)
        {
            throw new InvalidDataException(
                $"The weight shards of '{file}' ({string.Join(", ", shards.Select(Path.GetFileName))}) hold {available} bytes, but its 'weightsManifest' needs {needed} bytes " +
                "(a shard is truncated or the manifest does not describe these shards).");
        }
        return new Manifest(specs, shards, file);
    }

    /// <summary>The full path of a shard, which must be a plain relative path inside the model's folder.</summary>
    private static string ShardPath(JsonNode? node, string folder, string file)
    {
        if (node is not JsonValue value || !value.TryGetValue(out string? relative) || string.IsNullOrWhiteSpace(relative))
        {
            throw new InvalidDataException($"The 'weightsManifest' of '{file}' has a shard path that is not a string: {Abbreviate(node)}");
        }
        string normalized = relative.Replace('\\', '/');
        if (normalized.StartsWith('/') || normalized.Contains(':') || normalized.Split('/').Any(part => part is ".." or ""))
        {
            throw new InvalidDataException(
                $"The 'weightsManifest' of '{file}' names the shard '{relative}', which is not a file path inside the model's folder (absolute paths, URLs and '..' are not allowed).");
        }
        string root = Path.GetFullPath(folder);
        string full = Path.GetFullPath(Path.Combine(root, normalized));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The 'weightsManifest' of '{file}' names the shard '{relative}', which is outside the model's folder.");
        }
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"The weight shard '{relative}' named in the 'weightsManifest' of '{file}' does not exist.", full);
        }
        return full;
    }

    private static Spec ReadSpec(JsonNode? node, string file)
    {
        if (node is not JsonObject weight || weight["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name)
            || weight["shape"] is not JsonArray shapeArray || weight["dtype"] is not JsonValue dtypeValue || !dtypeValue.TryGetValue(out string? dtype))
        {
            throw new InvalidDataException($"Each weight in the 'weightsManifest' of '{file}' needs a 'name', a 'shape' and a 'dtype'. Received: {Abbreviate(node)}");
        }
        var shape = new int[shapeArray.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeArray[i] is not JsonValue d || !d.TryGetValue(out double dim) || dim < 0 || dim != Math.Floor(dim) || dim > int.MaxValue)
            {
                throw new InvalidDataException($"The weight '{name}' in the 'weightsManifest' of '{file}' has an invalid shape {shapeArray.ToJsonString()}: each dimension must be a non-negative integer.");
            }
            shape[i] = (int)dim;
            count = shape[i] == 0 || count == 0 ? 0 : count <= Array.MaxLength / shape[i] ? count * shape[i] : long.MaxValue;
            if (count > Array.MaxLength)
            {
                throw new InvalidDataException($"The weight '{name}' in the 'weightsManifest' of '{file}' has the shape {shapeArray.ToJsonString()}, too many values for one weight.");
            }
        }

        string? quantized = null;
        double scale = 1, min = 0;
        int size;
        if (weight["quantization"] is JsonObject quantization)
        {
            quantized = quantization["dtype"] is JsonValue q && q.TryGetValue(out string? qd) ? qd : null;
            switch (quantized)
            {
                case "uint8" or "uint16":
                    if (quantization["scale"] is not JsonValue s || !s.TryGetValue(out scale) || quantization["min"] is not JsonValue m || !m.TryGetValue(out min))
                    {
                        throw new InvalidDataException($"Weight {name} with quantization {quantized} doesn't have corresponding metadata min and scale (file '{file}').");
                    }
                    size = quantized == "uint8" ? 1 : 2;
                    break;
                case "float16":
                    size = 2;
                    break;
                default:
                    throw new InvalidDataException(
                        $"Weight {name} has unknown quantization dtype {quantized ?? "null"} (file '{file}'). Supported quantization dtypes are: 'uint8', 'uint16', and 'float16'.");
            }
            if (dtype is not ("float32" or "int32") || (quantized == "float16" && dtype != "float32"))
            {
                throw new InvalidDataException($"Weight {name} is quantized with {quantized}, which does not apply to weights of type {dtype} (file '{file}').");
            }
        }
        else
        {
            size = dtype switch
            {
                "float32" or "int32" => 4,
                "bool" => 1,
                "complex64" => 8,
                "string" => 4,   // at least the length prefix of each element
                _ => throw new InvalidDataException($"Unsupported dtype in weight '{name}': {dtype} (file '{file}')."),
            };
        }
        string? group = weight["group"] is JsonValue g && g.TryGetValue(out string? gs) ? gs : null;
        return new Spec(name, shape, count, dtype, quantized, scale, min, count * size, group);
    }

    private static void Skip(Spec spec, ShardReader reader)
    {
        if (spec.Dtype != "string" || spec.Quantized is not null)
        {
            reader.Skip(spec.Bytes, spec.Name);
            return;
        }
        Span<byte> prefix = stackalloc byte[4];
        for (long i = 0; i < spec.Count; i++)
        {
            reader.Read(prefix, spec.Name);
            reader.Skip(BinaryPrimitives.ReadUInt32LittleEndian(prefix), spec.Name);
        }
    }

    private static float[] Decode(Spec spec, ShardReader reader, string file)
    {
        if (spec.Dtype is "string" or "complex64")
        {
            throw new InvalidDataException($"The weight '{spec.Name}' of '{file}' is {spec.Dtype}; a layers model's weights are real numbers.");
        }
        var values = new float[spec.Count];
        int elementSize = (int)(spec.Count == 0 ? 1 : spec.Bytes / spec.Count);
        var buffer = new byte[(int)Math.Min(spec.Bytes, 1 << 16) / elementSize * elementSize];
        long done = 0;
        while (done < spec.Count)
        {
            int n = (int)Math.Min(spec.Count - done, buffer.Length / elementSize);
            var bytes = buffer.AsSpan(0, n * elementSize);
            reader.Read(bytes, spec.Name);
            var into = values.AsSpan((int)done, n);
            for (int i = 0; i < n; i++)
            {
                into[i] = Element(spec, bytes.Slice(i * elementSize, elementSize));
            }
            done += n;
        }
        return values;
    }

    private static float Element(Spec spec, ReadOnlySpan<byte> bytes) => spec.Quantized switch
    {
        "uint8" => Dequantize(spec, bytes[0]),
        "uint16" => Dequantize(spec, BinaryPrimitives.ReadUInt16LittleEndian(bytes)),
        "float16" => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes),
        _ => spec.Dtype switch
        {
            "float32" => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            "int32" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            _ => bytes[0] != 0 ? 1f : 0f,   // bool
        },
    };

    private static float Dequantize(Spec spec, int q)
    {
        double value = q * spec.Scale + spec.Min;
        return spec.Dtype == "int32" ? (float)Math.Round(value) : (float)value;
    }

    /// <summary>Writes the weights as float32 little-endian into one shard.</summary>
    public static void WriteShard(Stream stream, IEnumerable<ReadOnlyMemory<float>> weights)
    {
        var buffer = new byte[1 << 16];
        foreach (var weight in weights)
        {
            var span = weight.Span;
            for (int start = 0; start < span.Length; start += buffer.Length / 4)
            {
                int n = Math.Min(span.Length - start, buffer.Length / 4);
                for (int i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), span[start + i]);
                }
                stream.Write(buffer, 0, n * 4);
            }
        }
    }

    internal static string Abbreviate(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <summary>Reads the shards one after the other as one stream of bytes.</summary>
    private sealed class ShardReader(List<string> shards, string file) : IDisposable
    {
        private int _next;
        private FileStream? _current;

        public void Read(Span<byte> into, string weight)
        {
            while (into.Length > 0)
            {
                var stream = Current(weight);
                int n = stream.Read(into);
                if (n == 0)
                {
                    _current!.Dispose();
                    _current = null;
                    continue;
                }
                into = into[n..];
            }
        }

        public void Skip(long count, string weight)
        {
            Span<byte> scratch = stackalloc byte[4096];
            while (count > 0)
            {
                int n = (int)Math.Min(count, scratch.Length);
                Read(scratch[..n], weight);
                count -= n;
            }
        }

        private FileStream Current(string weight)
        {
            if (_current is not null)
            {
                return _current;
            }
            if (_next >= shards.Count)
            {
                throw new InvalidDataException($"The weight shards of '{file}' end inside the weight '{weight}': they are shorter than the 'weightsManifest' says.");
            }
            return _current = File.OpenRead(shards[_next++]);
        }

        public void Dispose() => _current?.Dispose();
    }
}

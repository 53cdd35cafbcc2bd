using System.IO.Compression;
using System.Text;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Keras3;

/// <summary>
/// Damaged and hostile <c>.keras</c> and <c>.weights.h5</c> files give a clear error that names the file, never a
/// crash, a hang or a huge allocation: mutated copies of real Keras files (truncated, bytes flipped) and crafted archives.
/// </summary>
[TestFixture]
public sealed class HostileKerasFileTests : TempFolderTest
{
    private const string Archive = "keras-zip/k3.10.0_ann-churn_model.keras";
    private const string Weights = "h5-weights/k3.14.0_mnist-app_model.weights.h5";
    [Test]
    public void Load_TruncatedArchive_AtManyOffsets_FailsClearly()
    {
        byte[] bytes = File.ReadAllBytes(KerasFiles.PathOf(Archive));
        foreach (int length in Offsets(bytes.Length, 40, seed: 1))
        {
            string path = In($"truncated-{length}.keras");
            File.WriteAllBytes(path, bytes[..length]);

            var e = LoadOrError(() => Model.Load(path));

            Assert.That(e, Is.Not.Null, $"a file cut at {length} of {bytes.Length} bytes cannot load");
            AssertClear(e!, path, $"cut at {length}");
        }
    }

    [Test]
    public void Load_ArchiveWithFlippedBytes_LoadsOrFailsClearly()
    {
        byte[] original = File.ReadAllBytes(KerasFiles.PathOf(Archive));
        var random = new Random(7);
        int failures = 0;
        for (int i = 0; i < 60; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int at = random.Next(bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
            string path = In($"flipped-{i}.keras");
            File.WriteAllBytes(path, bytes);

            var e = LoadOrError(() => Model.Load(path));

            if (e is not null)
            {
                failures++;
                AssertClear(e, path, $"byte {at} flipped");
            }
        }
        Assert.That(failures, Is.GreaterThan(0), "some flips land in the zip structure or the config");
    }

    [Test]
    public void LoadWeights_TruncatedOrFlippedWeightsFile_FailsClearlyAndChangesNothing()
    {
        byte[] original = File.ReadAllBytes(KerasFiles.PathOf(Weights));
        var model = Model.Load(KerasFiles.PathOf("keras-zip/k3.14.0_mnist-app_model.keras"), compile: false);
        var before = model.GetWeights().Select(w => w.ToArray()).ToArray();
        var random = new Random(3);
        var cases = Offsets(original.Length, 25, seed: 2).Select(n => (Name: $"cut-{n}", Bytes: original[..n])).ToList();
        for (int i = 0; i < 25; i++)
        {
            // flips in the first 4 KB, where the superblock, the root group and its headers live
            byte[] bytes = (byte[])original.Clone();
            bytes[random.Next(4096)] ^= (byte)(1 << random.Next(8));
            cases.Add(($"flip-{i}", bytes));
        }
        foreach (var (name, bytes) in cases)
        {
            string path = In($"{name}.weights.h5");
            File.WriteAllBytes(path, bytes);

            var e = LoadOrError(() => { model.LoadWeights(path); return model; });

            if (e is not null)
            {
                AssertClear(e, path, name);
                Assert.That(model.GetWeights().Select(w => w.ToArray()), Is.EqualTo(before), $"{name}: a failed load changes no weight");
            }
            else
            {
                model.SetWeights([.. before.Select((w, j) => Tensor.FromArray(w, model.Weights[j].Shape.ToArray()))]);
            }
        }
    }

    [Test]
    public void Load_ArchiveWithParentPathEntry_IsRefused()
    {
        string path = In("escape.keras");
        CopyArchive(KerasFiles.PathOf(Archive), path, zip => Add(zip, "../../evil.txt", "x"u8.ToArray()));

        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("unsafe path").And.Contain("../../evil.txt"));
    }

    [Test]
    public void Load_ZipBomb_IsRefusedBeforeInflating()
    {
        // 300 MB of zeros deflate to a few hundred KB: a member declaring far more than it stores
        string path = In("bomb.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Add(zip, "metadata.json", """{"keras_version": "3.10.0"}"""u8.ToArray());
            Add(zip, "config.json", Encoding.UTF8.GetBytes(new Sequential([new Input(shape: [3]), new Dense(2)]).ToJson()));
            var entry = zip.CreateEntry("model.weights.h5", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++)
            {
                stream.Write(zeros);
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("decompression bomb").And.Contain(path));
            Assert.That(allocated, Is.LessThan(50L << 20), "nothing near the declared size is allocated");
        });
    }

    [Test]
    public void Load_ConfigWithAbsurdUnits_FailsBeforeAllocating()
    {
        string path = In("huge.keras");
        var model = new Sequential([new Input(shape: [1000]), new Dense(2)]);
        model.Save(path);
        string config = ReadEntry(path, "config.json").Replace("\"units\":2", "\"units\":1000000000");
        CopyArchive(path, In("huge2.keras"), zip => Add(zip, "config.json", Encoding.UTF8.GetBytes(config)), skip: "config.json");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(In("huge2.keras")));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("huge2.keras").And.Contain("(1000, 1000000000)"));
            Assert.That(allocated, Is.LessThan(50L << 20));
        });
    }

    [Test]
    public void Load_NotAModelFile_SaysWhatItIs()
    {
        File.WriteAllText(In("notes.keras"), "hello");
        File.WriteAllBytes(In("empty.keras"), []);

        var text = Assert.Throws<InvalidDataException>(() => Model.Load(In("notes.keras")));
        var empty = Assert.Throws<InvalidDataException>(() => Model.Load(In("empty.keras")));
        var missing = Assert.Throws<FileNotFoundException>(() => Model.Load(In("missing.keras")));

        Assert.Multiple(() =>
        {
            Assert.That(text!.Message, Does.StartWith("File format not supported").And.Contain("notes.keras").And.Contain("68656C6C6F"));
            Assert.That(empty!.Message, Does.Contain("empty.keras"));
            Assert.That(missing!.Message, Does.Contain("missing.keras"));
        });
    }

    internal static IEnumerable<int> Offsets(int length, int count, int seed)
    {
        var random = new Random(seed);
        var offsets = new SortedSet<int> { 0, 1, 8, 30, length / 2, length - 1 };
        while (offsets.Count < count)
        {
            offsets.Add(random.Next(length));
        }
        return offsets;
    }

    // runs a load on another thread with a time limit: a hang fails the test instead of stalling the run
    internal static Exception? LoadOrError(Func<object> load)
    {
        var task = Task.Run(load);
        bool finished;
        try
        {
            finished = task.Wait(TimeSpan.FromSeconds(20));
        }
        catch (AggregateException)
        {
            finished = true;
        }
        Assert.That(finished, Is.True, "the load finishes");
        return task.Exception?.InnerException;
    }

    internal static void AssertClear(Exception e, string path, string what) =>
        Assert.That(e, Is.TypeOf<InvalidDataException>().Or.TypeOf<NotSupportedException>()
            .And.Property(nameof(Exception.Message)).Contains(Path.GetFileName(path)),
            $"{what}: {e.GetType().Name}: {e.Message}");

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(content);
    }

    private static string ReadEntry(string archive, string name)
    {
        using var zip = ZipFile.OpenRead(archive);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static void CopyArchive(string source, string target, Action<ZipArchive> extra, string? skip = null)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in input.Entries.Where(e => e.FullName != skip))
        {
            using var from = entry.Open();
            using var to = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            from.CopyTo(to);
        }
        extra(output);
    }
}

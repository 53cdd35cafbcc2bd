using KerasSharp.Saving;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Saving.LegacyH5;
using PureHDF;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Damaged and hostile legacy <c>.h5</c> files: each fails with a clear exception naming the file, quickly and without huge allocations.</summary>
public class HostileLegacyH5Tests
{
    private static readonly string[] s_sources =
    [
        "h5-full/k2.3.1_dl4j_simple_sparse_xent_mlp_model.h5",
        "h5-full/k3.10.0_ann-churn_model.h5",
    ];

    private static readonly string s_folder = Directory.CreateTempSubdirectory("legacyh5-hostile-").FullName;

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(s_folder, recursive: true);

    private static IEnumerable<TestCaseData> Truncations()
    {
        foreach (var source in s_sources)
        {
            long length = new FileInfo(KerasFiles.PathOf(source)).Length;
            var random = new Random(17);
            for (int i = 0; i < 15; i++)
            {
                long at = i == 0 ? 100 : random.NextInt64(1, length);
                yield return new TestCaseData(source, at).SetArgDisplayNames(Path.GetFileName(source), $"at {at}");
            }
        }
    }

    private static IEnumerable<TestCaseData> Flips()
    {
        foreach (var source in s_sources)
        {
            long length = new FileInfo(KerasFiles.PathOf(source)).Length;
            var random = new Random(29);
            for (int i = 0; i < 15; i++)
            {
                long at = random.NextInt64(0, length);
                yield return new TestCaseData(source, at, (byte)random.Next(1, 256)).SetArgDisplayNames(Path.GetFileName(source), $"at {at}");
            }
        }
    }

    [TestCaseSource(nameof(Truncations))]
    public void Load_TruncatedFile_ThrowsInvalidDataNamingTheFile(string source, long length)
    {
        var bytes = File.ReadAllBytes(KerasFiles.PathOf(source));
        string path = Path.Combine(s_folder, $"truncated-{length}-{Path.GetFileName(source)}");
        File.WriteAllBytes(path, bytes[..(int)length]);
        var error = Run(() => LegacyH5Format.Load(path, new LoadOptions()));
        Assert.That(error, Is.Not.Null, "a truncated file loaded");
        AssertClear(error!, path);
    }

    [TestCaseSource(nameof(Flips))]
    public void Load_FileWithAFlippedByte_LoadsOrThrowsAClearError(string source, long at, byte mask)
    {
        var bytes = File.ReadAllBytes(KerasFiles.PathOf(source));
        bytes[at] ^= mask;
        string path = Path.Combine(s_folder, $"flipped-{at}-{Path.GetFileName(source)}");
        File.WriteAllBytes(path, bytes);
        // a flip inside the weights' data changes a value and cannot be detected (legacy HDF5 has no checksums)
        if (Run(() => LegacyH5Format.Load(path, new LoadOptions(Compile: false))) is { } error)
        {
            AssertClear(error, path);
        }
    }

    [TestCase("1000000000000")]
    [TestCase("100000")]
    [TestCase("-5")]
    public void Load_AbsurdUnitsInModelConfig_FailsBeforeAllocating(string units)
    {
        string path = Path.Combine(s_folder, $"units-{units}.h5");
        var file = new H5File
        {
            ["model_weights"] = new H5Group(),
        };
        file.Attributes["model_config"] = $$$"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Dense", "config": {"name": "d1", "units": {{{units}}}, "batch_input_shape": [null, 100000]}},
              {"class_name": "Dense", "config": {"name": "d2", "units": {{{units}}}}}]}}
            """;
        var weights = (H5Group)file["model_weights"];
        H5Write.Strings(weights, "layer_names", ["d1", "d2"]);
        H5Write.Strings(H5Write.Group(weights, "d1"), "weight_names", []);
        H5Write.Strings(H5Write.Group(weights, "d2"), "weight_names", []);
        H5Write.Atomically(file, path);
        var error = Run(() => LegacyH5Format.Load(path, new LoadOptions(Compile: false)));
        Assert.That(error, Is.Not.Null);
        AssertClear(error!, path);
    }

    /// <summary>Runs the load on its own thread with a time limit, and returns what it threw (null when it loaded).</summary>
    private static Exception? Run(Action load)
    {
        Exception? error = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load();
            }
            catch (Exception e)
            {
                error = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }) { IsBackground = true };
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(10)), Is.True, "the load did not finish within 10 s");
        Assert.That(allocated, Is.LessThan(64L << 20), "the load allocated more than 64 MB");
        return error;
    }

    private static void AssertClear(Exception error, string path)
    {
        Assert.That(error, Is.InstanceOf<InvalidDataException>().Or.InstanceOf<NotSupportedException>().Or.InstanceOf<KeyNotFoundException>()
            .Or.InstanceOf<ArgumentException>().Or.InstanceOf<InvalidOperationException>(), error.ToString());
        Assert.That(error, Is.Not.InstanceOf<ArgumentOutOfRangeException>(), error.ToString());
        Assert.That(error.Message, Does.Contain(path), error.ToString());
    }
}

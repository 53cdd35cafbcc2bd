using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Saving.Keras3;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Damaged legacy <c>.h5</c> files (mutated copies of real Keras files, crafted configs) fail with a clear error naming the file.</summary>
[TestFixture]
public sealed class HostileLegacyH5Tests : TempFolderTest
{
    [TestCase("h5-full/k2.15.0_maternal-health_my_keras_model.h5")]
    [TestCase("h5-full/k2.0.9_dl4j_optimizers_adam.h5")]
    [TestCase("h5-full/k3.10.0_ann-churn_model.h5")]
    public void Load_TruncatedFile_AtManyOffsets_FailsClearly(string fixture)
    {
        byte[] bytes = File.ReadAllBytes(KerasFiles.PathOf(fixture));
        foreach (int length in HostileKerasFileTests.Offsets(bytes.Length, 30, seed: 4))
        {
            string path = In($"cut-{length}.h5");
            File.WriteAllBytes(path, bytes[..length]);

            var e = HostileKerasFileTests.LoadOrError(() => Model.Load(path));

            Assert.That(e, Is.Not.Null, $"a file cut at {length} of {bytes.Length} bytes cannot load");
            HostileKerasFileTests.AssertClear(e!, path, $"cut at {length}");
        }
    }

    [TestCase("h5-full/k2.15.0_maternal-health_my_keras_model.h5")]
    [TestCase("h5-full/k2.2.4-tf_dl4j_tfkeras_mlp_0.h5")]
    public void Load_FlippedBytes_LoadsOrFailsClearly(string fixture)
    {
        byte[] original = File.ReadAllBytes(KerasFiles.PathOf(fixture));
        var random = new Random(11);
        int failures = 0;
        for (int i = 0; i < 40; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            // half the flips in the first 4 KB (superblock, root group, attribute headers), half anywhere
            int at = i % 2 == 0 ? random.Next(Math.Min(4096, bytes.Length)) : random.Next(bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
            string path = In($"flip-{i}.h5");
            File.WriteAllBytes(path, bytes);

            var e = HostileKerasFileTests.LoadOrError(() => Model.Load(path, compile: false));

            if (e is not null)
            {
                failures++;
                HostileKerasFileTests.AssertClear(e, path, $"byte {at} flipped");
            }
        }
        Assert.That(failures, Is.GreaterThan(0), "some flips break the file's structure");
    }

    [Test]
    public void Load_ConfigWithAbsurdUnits_FailsBeforeAllocating()
    {
        new Sequential([new Input(shape: [1000]), new Dense(2, name: "small")]).Save(In("small.h5"));
        H5py.Run("""
            import sys, shutil, h5py
            shutil.copy(sys.argv[1], sys.argv[2])
            with h5py.File(sys.argv[2], "r+") as f:
                config = f.attrs["model_config"]
                config = config.decode() if isinstance(config, bytes) else config
                f.attrs["model_config"] = config.replace('"units": 2', '"units": 1000000000').replace('"units":2', '"units":1000000000')
            """, In("small.h5"), In("huge.h5"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(In("huge.h5")));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("huge.h5").And.Contain("(1000, 1000000000)"));
            Assert.That(allocated, Is.LessThan(50L << 20));
        });
    }

    [Test]
    public void Load_Hdf5FileThatIsNoModel_SaysSo()
    {
        H5py.Run("""
            import sys, h5py, numpy
            with h5py.File(sys.argv[1], "w") as f:
                f["data"] = numpy.arange(10)
            """, In("data.h5"));

        var e = Assert.Throws<InvalidDataException>(() => Model.Load(In("data.h5")));

        Assert.That(e!.Message, Does.Contain("data.h5").And.Contain("not a Keras model or weights file"));
    }
}

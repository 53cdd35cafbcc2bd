using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>Command-line options (plain parsing; every option has the peers' default).</summary>
public sealed class BenchOptions
{
    /// <summary>The workloads, in the order they run with <c>--workload all</c>.</summary>
    public static readonly string[] AllWorkloads = ["seed", "mlp", "mlp_functional", "cnn", "sgemm", "saving"];

    /// <summary>One JSON object per line instead of a table.</summary>
    public bool Json { get; private set; }

    /// <summary>seed, mlp (also reports predict), mlp_functional, cnn, sgemm, saving or all.</summary>
    public string Workload { get; private set; } = "all";

    /// <summary>Run number recorded with every line.</summary>
    public int Run { get; private set; } = 1;

    /// <summary>Seed for <c>Keras.SetRandomSeed</c> (the peers use 1).</summary>
    public int Seed { get; private set; } = 1;

    /// <summary>mlp: timed epochs on the fresh model (compare.sh gives the peers <c>--epochs 1</c>).</summary>
    public int Epochs { get; private set; } = 1;

    /// <summary>mlp/cnn: steps on the throw-away warm-up model.</summary>
    public int WarmupSteps { get; private set; } = 20;

    /// <summary>cnn: timed passes over the first 10000 training images (compare.sh gives the peers <c>--passes 1</c>).</summary>
    public int Passes { get; private set; } = 1;

    /// <summary>cnn: also train a fresh model one epoch on all 60000 images and report its test accuracy.</summary>
    public bool FullEpoch { get; private set; }

    /// <summary>seed: fresh-model fits after the first (cold) one.</summary>
    public int WarmFits { get; private set; } = 3;

    /// <summary>predict: calls for the one-sample latency.</summary>
    public int LatencyCalls { get; private set; } = 1000;

    /// <summary>predict: timed passes over the 10000 test images.</summary>
    public int ThroughputReps { get; private set; } = 3;

    /// <summary>sgemm: square sizes.</summary>
    public int[] Sizes { get; private set; } = [256, 512, 1024, 2048];

    /// <summary>Run the BenchmarkDotNet micro-benchmarks instead of the workloads.</summary>
    public bool Micro { get; private set; }

    /// <summary>Arguments after <c>--micro</c>, handed to BenchmarkSwitcher (e.g. a <c>--filter</c> or a bare pattern).</summary>
    public string[] MicroArgs { get; private set; } = [];

    /// <summary>Print usage and exit.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> on a bad argument.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {a} expects a value.");
            int NextInt(int min)
            {
                string s = Next();
                if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
                {
                    throw new ArgumentException($"Option {a} expects an integer >= {min}. Received: {s}");
                }
                return v;
            }
            switch (a)
            {
                case "--json": o.Json = true; break;
                case "--workload" or "-w": o.Workload = Next(); break;
                case "--run": o.Run = NextInt(0); break;
                case "--seed": o.Seed = NextInt(0); break;
                case "--epochs": o.Epochs = NextInt(1); break;
                case "--warmup-steps": o.WarmupSteps = NextInt(0); break;
                case "--passes": o.Passes = NextInt(1); break;
                case "--full-epoch": o.FullEpoch = true; break;
                case "--warm-fits": o.WarmFits = NextInt(0); break;
                case "--latency-calls": o.LatencyCalls = NextInt(1); break;
                case "--throughput-reps": o.ThroughputReps = NextInt(1); break;
                case "--sizes":
                    o.Sizes = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--micro":
                    o.Micro = true;
                    o.MicroArgs = args[(i + 1)..];
                    if (o.MicroArgs.Length == 1 && !o.MicroArgs[0].StartsWith('-'))
                    {
                        o.MicroArgs = ["--filter", $"*{o.MicroArgs[0]}*"];
                    }
                    else if (o.MicroArgs.Length == 0)
                    {
                        o.MicroArgs = ["--filter", "*"];
                    }
                    return o;
                case "-h" or "--help": o.Help = true; break;
                default: throw new ArgumentException($"Unknown argument {a}. Run with --help for the options.");
            }
        }
        if (o.Workload != "all" && !AllWorkloads.Contains(o.Workload))
        {
            throw new ArgumentException($"Unknown workload \"{o.Workload}\". Valid workloads: {string.Join(", ", AllWorkloads)}, all.");
        }
        return o;
    }

    /// <summary>Usage text.</summary>
    public const string Usage = """
        KerasSharp.Benchmarks: KerasSharp's side of ../shared/peers/compare.sh.

          dotnet KerasSharp.Benchmarks.dll [--json] [--workload seed|mlp|mlp_functional|cnn|sgemm|saving|all] [--run R] [options]
          dotnet KerasSharp.Benchmarks.dll --micro [PATTERN | BenchmarkDotNet arguments]

        Workloads (defined as in ../shared/peers/README.md):
          seed   8-bit parity, Dense(1, sigmoid), SGD(1.0), 20 epochs batch 5: cold and warm fit time
          mlp    Fashion-MNIST Flatten-Dense(128,relu)-Dense(10), Adam, batch 32: s/epoch, test accuracy,
                 allocation and GC figures; then workload "predict": 1-sample latency, batched throughput
          cnn    Conv2D(32)-MaxPool-Conv2D(64)-MaxPool-Dense(128)-Dense(10), batch 64: s per 10000 images
          sgemm  Gemm.Multiply, n = 256..2048: GFLOP/s (best of >= 5 calls and >= 1 s)
          saving load time of the largest real Keras file in the test data; save and load of a 100 MB model

        Options:
          --json                one JSON object per line (otherwise a table)
          --run R               run number recorded on every line (default 1)
          --seed S              Keras.SetRandomSeed (default 1)
          --epochs N            mlp: timed epochs (default 1, as compare.sh gives the peers)
          --warmup-steps N      mlp/cnn: steps on a throw-away model first (default 20)
          --passes N            cnn: timed passes over 10000 images (default 1)
          --full-epoch          cnn: also one epoch on all 60000 images and the test accuracy
          --warm-fits N         seed: warm fits after the cold one (default 3)
          --latency-calls N     predict: calls for the latency median (default 1000)
          --throughput-reps N   predict: timed passes over the test set (default 3)
          --sizes a,b,...       sgemm sizes (default 256,512,1024,2048)
          --micro [PATTERN]     BenchmarkDotNet micro-benchmarks (GEMM, element-wise ops, Adam, cross-entropy)
        """;
}

using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Metrics;
using KerasSharp.Utils;

namespace KerasSharp.Training;

/// <summary>
/// The loss tracker and the compiled metrics of a model, per output (Keras' <c>CompileMetrics</c>), and the logs they
/// fill. String metrics such as <c>"accuracy"</c> are resolved on the first batch from the shapes of each output's
/// targets and predictions, exactly as Keras does.
/// </summary>
/// <remarks>
/// <para>Matching, as in Keras 3: a model with one output gets every metric given, in any nesting, under its own
/// name. A model with several outputs takes either a list with one entry per output or a dictionary by output name;
/// its log keys are <c>&lt;output&gt;_&lt;metric&gt;</c>. A key that is already taken gets <c>_1</c>, <c>_2</c>, …</para>
/// <para>The logs' order is Keras' <c>evaluate()</c> list order: <c>loss</c>, then the metrics logged under their own
/// name (compile order), then the <c>&lt;output&gt;_loss</c> entries (output order), then the rest by name.</para>
/// </remarks>
internal sealed class CompiledMetrics
{
    private readonly Metric[][] _requested;
    private Metric[][]? _resolved;
    private readonly Metric[] _flatRequested;
    private Metric[]? _flatResolved;
    private readonly CompiledLoss _compiledLoss;
    private readonly Mean _loss = new("loss");
    private readonly Logs _logs = new();
    // what each log entry reads, in order: (-1, -1) the loss, (o, -1) output o's loss tracker, (o, i) metric i of output o
    private readonly (int Output, int Metric)[] _entries;
    private readonly string[] _keys;

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    public CompiledMetrics(OutputMetrics? metrics, CompiledLoss compiledLoss)
    {
        _compiledLoss = compiledLoss;
        var names = compiledLoss.Names;
        _requested = Assign(metrics ?? default, names);
        _flatRequested = Flatten(_requested);
        CheckDistinct(_flatRequested);
        (_entries, _keys) = Plan(_requested, names, compiledLoss);
    }

    [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
    private static Metric[] Flatten(Metric[][] perOutput)
    {
        var all = new List<Metric>();
        foreach (var metrics in perOutput)
        {
            all.AddRange(metrics);
        }
        return [.. all];
    }

    /// <summary>All compiled metrics, output by output.</summary>
    public IReadOnlyList<Metric> Metrics => _flatResolved ?? _flatRequested;

    /// <summary>The metrics of output <paramref name="output"/> (resolved once a batch has been seen).</summary>
    public IReadOnlyList<Metric> MetricsOf(int output) => (_resolved ?? _requested)[output];

    /// <summary>Whether every metric is the library's own code.</summary>
    public bool IsLibraryCode => _flatRequested.All(LibraryCode.Is);

    public void Reset()
    {
        _loss.ResetState();
        _compiledLoss.ResetTrackers();
        var metrics = Metrics;
        for (int i = 0; i < metrics.Count; i++)
        {
            metrics[i].ResetState();
        }
    }

    /// <summary>One batch of a model with one output.</summary>
    public void Update(Tensor yTrue, Tensor yPred, double loss, int batchSize)
    {
        if (_resolved is null)
        {
            Resolve(Tensors.OfSingle(yTrue), Tensors.OfSingle(yPred));
        }
        _loss.Update(loss, batchSize);
        // As in Keras, metrics given to Compile(metrics: …) are unweighted; sample weights only affect the loss.
        var metrics = _resolved![0];
        for (int i = 0; i < metrics.Length; i++)
        {
            metrics[i].UpdateState(yTrue, yPred);
        }
    }

    /// <summary>One batch of a model with several outputs (an output without a target has no metrics).</summary>
    public void Update(Tensors yTrue, Tensors yPred, double loss, int batchSize)
    {
        if (_resolved is null)
        {
            Resolve(yTrue, yPred);
        }
        _loss.Update(loss, batchSize);
        for (int o = 0; o < _resolved!.Length; o++)
        {
            var metrics = _resolved[o];
            if (metrics.Length == 0)
            {
                continue;
            }
            string name = _compiledLoss.Names[o];
            var target = yTrue.For(o, name) ?? throw NoTarget(o);
            var predicted = yPred.For(o, name) ?? throw NoTarget(o);
            for (int i = 0; i < metrics.Length; i++)
            {
                metrics[i].UpdateState(target, predicted);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private void Resolve(Tensors yTrue, Tensors yPred)
    {
        var resolved = new Metric[_requested.Length][];
        for (int o = 0; o < resolved.Length; o++)
        {
            var requested = _requested[o];
            resolved[o] = new Metric[requested.Length];
            for (int i = 0; i < requested.Length; i++)
            {
                string name = _compiledLoss.Names[o];
                resolved[o][i] = requested[i] is AccuracyPlaceholder p
                    ? Metric.ResolveAccuracy(p.Name, (yTrue.For(o, name) ?? throw NoTarget(o)).Shape, (yPred.For(o, name) ?? throw NoTarget(o)).Shape)
                    : requested[i];
            }
        }
        _flatResolved = Flatten(resolved);
        _resolved = resolved;
    }

    private InvalidOperationException NoTarget(int output) =>
        new($"No target or prediction for output '{_compiledLoss.Names[output]}', which has metrics. Pass an array for it in `y`.");

    /// <summary>
    /// The loss, the metrics and the per-output losses, in Keras' list order. The same <see cref="Logs"/> object is
    /// refilled on every call (a training step allocates nothing); clone it to keep the values.
    /// </summary>
    public Logs Results()
    {
        var logs = _logs;
        logs.Clear();
        var metrics = _resolved ?? _requested;
        for (int k = 0; k < _entries.Length; k++)
        {
            var (output, index) = _entries[k];
            if (output < 0)
            {
                logs[_keys[k]] = _loss.Result();
            }
            else if (index < 0)
            {
                logs[_keys[k]] = _compiledLoss.Tracker(output)!.Result();
            }
            else if (metrics[output][index] is not AccuracyPlaceholder)
            {
                logs[_keys[k]] = metrics[output][index].Result();
            }
        }
        return logs;
    }

    /// <summary>Keras 3's matching of the <c>metrics</c> argument to the outputs (compile_utils' <c>_build_metrics_set</c>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private static Metric[][] Assign(OutputMetrics metrics, string[] names)
    {
        int n = names.Length;
        var assigned = new Metric[n][];
        Array.Fill(assigned, []);
        if (metrics.Count == 0)
        {
            return assigned;
        }
        if (n == 1)
        {
            // one output: every metric applies to it, whatever the nesting (a dictionary's in key order, as tree.flatten)
            var order = new int[metrics.Count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            if (metrics.IsDictionary)
            {
                var keys = metrics.Names!;
                Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));
            }
            var all = new List<Metric>();
            foreach (int i in order)
            {
                var entry = metrics[i];
                for (int j = 0; j < entry.Count; j++)
                {
                    all.Add(entry[j]);
                }
            }
            assigned[0] = [.. all];
            return assigned;
        }
        if (!metrics.IsDictionary && metrics.Count == n)
        {
            for (int o = 0; o < n; o++)
            {
                assigned[o] = [.. metrics[o]];
            }
            return assigned;
        }
        if (metrics.IsDictionary && metrics.Names!.All(k => Array.IndexOf(names, k) >= 0))
        {
            for (int k = 0; k < metrics.Count; k++)
            {
                assigned[Array.IndexOf(names, metrics.Names![k])] = [.. metrics[k]];
            }
            return assigned;
        }
        throw new ArgumentException(
            "Invalid `metrics`. `metrics` should contain metrics objects and either be a dict or a list matching the output names of the " +
            $"functional model {Python.List(names)} or match the output structure of the model: [{string.Join(", ", names.Select(_ => "'X'"))}].\n" +
            $"Received: metrics={metrics}", nameof(metrics));
    }

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private static void CheckDistinct(Metric[] metrics)
    {
        var seen = new HashSet<Metric>(ReferenceEqualityComparer.Instance);
        foreach (var metric in metrics)
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            if (metric.Name == "loss")
            {
                throw new ArgumentException("A metric given to Compile(metrics: …) cannot be named 'loss'; that key holds the loss.", nameof(metrics));
            }
            if (!seen.Add(metric))
            {
                throw new ArgumentException(
                    $"The metric object {metric} is given twice in Compile(metrics: …). A metric keeps state; give each use its own metric object.", nameof(metrics));
            }
        }
    }

    /// <summary>The log keys (Keras' names, made unique as Keras does) and the order of the entries.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private static ((int, int)[] Entries, string[] Keys) Plan(Metric[][] metrics, string[] names, CompiledLoss compiledLoss)
    {
        bool prefixed = names.Length > 1;
        var taken = new HashSet<string>(StringComparer.Ordinal) { "loss" };
        var outputLosses = new List<LogEntry>();
        for (int o = 0; o < names.Length; o++)
        {
            if (compiledLoss.Tracker(o) is { } tracker)
            {
                taken.Add(tracker.Name);
                outputLosses.Add(new LogEntry(o, -1, tracker.Name));
            }
        }
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var own = new List<LogEntry>();
        var rest = new List<LogEntry>();
        for (int o = 0; o < metrics.Length; o++)
        {
            for (int i = 0; i < metrics[o].Length; i++)
            {
                string name = metrics[o][i].Name;
                string key = prefixed ? $"{names[o]}_{name}" : name;
                if (!taken.Add(key))
                {
                    int index = counters.GetValueOrDefault(key, 1);
                    string unique;
                    do
                    {
                        unique = $"{key}_{index++}";
                    }
                    while (!taken.Add(unique));
                    counters[key] = index;
                    key = unique;
                }
                (key == name ? own : rest).Add(new LogEntry(o, i, key));
            }
        }
        rest.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var all = new List<LogEntry> { new(-1, -1, "loss") };
        all.AddRange(own);
        all.AddRange(outputLosses);
        all.AddRange(rest);
        var entries = new (int, int)[all.Count];
        var keys = new string[all.Count];
        for (int k = 0; k < entries.Length; k++)
        {
            entries[k] = (all[k].Output, all[k].Metric);
            keys[k] = all[k].Key;
        }
        return (entries, keys);
    }

    /// <summary>One log entry of the plan: what it reads (see <c>_entries</c>) and its key.</summary>
    private sealed record LogEntry(int Output, int Metric, string Key);
}

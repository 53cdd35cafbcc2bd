namespace KerasSharp.Callbacks;

/// <summary>
/// Sets the learning rate at the start of every epoch from a schedule (Keras' <c>LearningRateScheduler</c>): the
/// schedule receives the zero-based epoch and the current learning rate and returns the new one; a schedule of the
/// epoch alone is also accepted. At the end of every epoch the learning rate is written into the logs as
/// <c>learning_rate</c>, so <c>history.History["learning_rate"]</c> records it.
/// </summary>
/// <example>
/// <code>
/// // keeps the initial learning rate for ten epochs, then decreases it exponentially
/// var scheduler = new LearningRateScheduler((epoch, lr) => epoch &lt; 10 ? lr : lr * Math.Exp(-0.1));
/// model.Fit(x, y, epochs: 15, callbacks: [scheduler]);
/// </code>
/// </example>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;
    private readonly TextWriter? _output;

    /// <summary>Creates the callback from a schedule of the epoch and the current learning rate.</summary>
    /// <param name="schedule">Takes the zero-based epoch and the current learning rate, returns the new learning rate.</param>
    /// <param name="verbose">0: quiet; 1: a message at each epoch.</param>
    /// <param name="output">Where messages go (default: the console).</param>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
        Verbose = verbose;
        _output = output;
    }

    /// <summary>Creates the callback from a schedule of the epoch alone (Keras' older one-argument form).</summary>
    /// <param name="schedule">Takes the zero-based epoch, returns the learning rate.</param>
    /// <param name="verbose">0: quiet; 1: a message at each epoch.</param>
    /// <param name="output">Where messages go (default: the console).</param>
    public LearningRateScheduler(Func<int, double> schedule, int verbose = 0, TextWriter? output = null)
        : this(Of(schedule), verbose, output)
    {
    }

    /// <summary>Verbosity (0 or 1).</summary>
    public int Verbose { get; }

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call (and adds <c>learning_rate</c> to them).</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The schedule returned a negative, infinite or NaN learning rate.</exception>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        var optimizer = LearningRateLog.OptimizerOf(Model, nameof(LearningRateScheduler));
        double learningRate = _schedule(epoch, LearningRateLog.Read(optimizer));
        optimizer.LearningRate = learningRate;
        if (Verbose > 0)
        {
            (_output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {Utils.Python.Float(learningRate)}.");
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) =>
        LearningRateLog.Write(LearningRateLog.OptimizerOf(Model, nameof(LearningRateScheduler)), logs);

    private static Func<int, double, double> Of(Func<int, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return (epoch, _) => schedule(epoch);
    }
}

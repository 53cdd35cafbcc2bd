using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>
/// Guards a model's training state (its optimizer, compiled metrics and gradient buffers) against concurrent use.
/// <c>Fit</c> holds it for its whole run; <c>Evaluate</c> and <c>TrainOnBatch</c> hold it for one call.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A <c>Fit</c> that finds the state in use (another <c>Fit</c>, or an <c>Evaluate</c>/<c>TrainOnBatch</c> on any
/// thread) fails at once.</item>
/// <item>An <c>Evaluate</c> or <c>TrainOnBatch</c> on another thread while <c>Fit</c> runs fails at once; on the
/// thread running <c>Fit</c> (from a callback) it runs, as in Keras.</item>
/// <item><c>Evaluate</c> and <c>TrainOnBatch</c> calls from several threads take turns: each gets the model to itself
/// and returns its own, correct values.</item>
/// </list>
/// <c>Predict</c> does not use the training state and never waits here.
/// </remarks>
internal sealed class ModelGate
{
    private readonly object _lock = new();
    private Thread? _fitThread;
    private string? _running;
    private int _depth;

    /// <summary>Enters for <c>Fit</c>, or throws when the model is in use.</summary>
    public Scope EnterFit(Model model)
    {
        if (!Monitor.TryEnter(_lock))
        {
            throw Busy(model, "Fit", _running ?? "another call");
        }
        if (_depth > 0)
        {
            string running = _running!;
            Monitor.Exit(_lock);
            throw new InvalidOperationException(
                $"Cannot call Fit() on model '{model.Name}' while its {running}() is running (Fit() was called from inside {running}(), e.g. from a callback). Wait until {running}() returns.");
        }
        _fitThread = Thread.CurrentThread;
        return Enter("Fit");
    }

    /// <summary>
    /// Enters for <paramref name="operation"/> (<c>Evaluate</c>, <c>TrainOnBatch</c>, <c>Compile</c>): waits for other
    /// such calls, throws at once when <c>Fit</c> runs on another thread.
    /// </summary>
    public Scope Enter(Model model, string operation)
    {
        while (true)
        {
            if (Volatile.Read(ref _fitThread) is { } fit && fit != Thread.CurrentThread)
            {
                throw Busy(model, operation, "Fit");
            }
            if (Monitor.TryEnter(_lock, 5))
            {
                return Enter(operation);
            }
        }
    }

    private Scope Enter(string operation)
    {
        if (_depth++ == 0)
        {
            _running = operation;
        }
        return new Scope(this);
    }

    private void Exit()
    {
        if (--_depth == 0)
        {
            _running = null;
            Volatile.Write(ref _fitThread, null);
        }
        Monitor.Exit(_lock);
    }

    private static InvalidOperationException Busy(Model model, string operation, string running) =>
        new($"Cannot call {operation}() on model '{model.Name}': {running}() is running on this model on another thread. " +
            $"A model trains or evaluates one call at a time; wait for {running}() to finish, or use a copy of the model. " +
            "(Predict() may be called from any thread at any time.)");

    /// <summary>Leaves the gate when disposed.</summary>
    internal readonly struct Scope(ModelGate gate) : IDisposable
    {
        /// <summary>Leaves the gate.</summary>
        public void Dispose() => gate.Exit();
    }
}

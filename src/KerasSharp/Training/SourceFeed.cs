using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>
/// The batches of a data source (a <see cref="PyDataset"/> or any enumerable of batches), stepped as Keras'
/// <c>EpochIterator</c> steps them: without <c>stepsPerEpoch</c> every epoch is one pass over the source (a source of
/// unknown size ends its first epoch when it runs out, which gives the size of the next ones); with it an epoch
/// takes that many batches and the next one goes on in the same pass, and a pass that runs out ends the epoch with
/// Keras' warning, the next epoch starting a new pass. Each batch is matched to the model as arrays are (structure,
/// cardinality, input rank) before its step.
/// </summary>
internal abstract class SourceFeed : EpochFeed
{
    private readonly Model _model;
    private readonly bool _targets;
    private readonly IReadOnlyDictionary<int, float>? _classWeight;
    private readonly int? _stepsPerEpoch;
    private int? _numBatches;
    private bool _inPass;
    private bool _produced;
    private bool _prepared;
    private int _seen;
    private (Tensors X, Tensors Y, Tensors? SampleWeight) _current;

    protected SourceFeed(Model model, int? numBatches, int? stepsPerEpoch, bool targets, IReadOnlyDictionary<int, float>? classWeight)
    {
        _model = model;
        _numBatches = numBatches;
        _stepsPerEpoch = stepsPerEpoch;
        _targets = targets;
        _classWeight = classWeight;
    }

    /// <summary>The feed of <paramref name="source"/>: a <see cref="PyDataset"/>'s, else an enumerable's.</summary>
    /// <param name="model">The model the batches are matched to.</param>
    /// <param name="source">The source.</param>
    /// <param name="stepsPerEpoch">Batches per epoch, or null for a pass over the source.</param>
    /// <param name="targets">Whether the batches feed training or evaluation steps (else prediction: inputs only).</param>
    /// <param name="shuffle">The generator of a dataset's per-epoch batch order, or null to keep the index order.</param>
    /// <param name="classWeight">Per-class weights turned into sample weights, or null.</param>
    public static SourceFeed For(Model model, IEnumerable<Batch> source, int? stepsPerEpoch, bool targets, SeedGenerator? shuffle, IReadOnlyDictionary<int, float>? classWeight) =>
        source is PyDataset dataset
            ? new PyDatasetFeed(model, dataset, stepsPerEpoch, targets, shuffle, classWeight)
            : new GeneratorFeed(model, source, stepsPerEpoch, targets, classWeight);

    public override int? Steps => _stepsPerEpoch ?? _numBatches;

    public override void Reset()
    {
        if (_inPass)
        {
            ClosePass();
            _inPass = false;
        }
    }

    public override void BeginEpoch()
    {
        OnEpochBegin();
        if (_inPass && _stepsPerEpoch is not null)
        {
            ResumePass();
            return;
        }
        Reset();
        OpenPass();
        _seen = 0;
        _inPass = true;
    }

    public override bool MoveNext(int step)
    {
        if ((_stepsPerEpoch ?? _numBatches) is int limit && step >= limit)
        {
            return false;
        }
        if (_numBatches is int n && _seen >= n)
        {
            if (_stepsPerEpoch is not null)
            {
                WarnRanOut();
            }
            return false;
        }
        if (!TryFetch(out var batch))
        {
            if (!_produced)
            {
                throw new ArgumentException(
                    "When passing a data source to a Keras model, it must yield at least one batch. Received an empty source.");
            }
            _numBatches ??= _seen;
            if (_stepsPerEpoch is not null)
            {
                WarnRanOut();
            }
            Reset();
            return false;
        }
        _produced = true;
        _seen++;
        _current = Match(batch);
        return true;
    }

    private (Tensors X, Tensors Y, Tensors? SampleWeight) Match(Batch batch)
    {
        if (!_targets)
        {
            return (ModelData.ForInputs(_model, batch.X).Whole().X, default, null);
        }
        if (!batch.HasTargets)
        {
            throw new ArgumentException(
                "The data source yielded a batch without targets. For training and evaluation each batch must be (inputs, targets) or (inputs, targets, sampleWeights).");
        }
        var data = ModelData.ForTraining(_model, batch.X, batch.Y, batch.SampleWeight).WithClassWeights(_classWeight);
        if (!_prepared)
        {
            Trainer.PrepareModel(_model, data);
            _prepared = true;
        }
        return data.Whole();
    }

    public override (Tensors X, Tensors Y, Tensors? SampleWeight) Batch(int step, bool pooled) => _current;

    public override void EndEpoch()
    {
        _current = default;
        if (_inPass && _numBatches is int n && _seen >= n)
        {
            Reset();
        }
        else if (_inPass)
        {
            PausePass();
        }
        OnEpochEnd();
    }

    public override void Dispose() => Reset();

    /// <summary>Keras' <c>on_epoch_begin</c> of the source.</summary>
    protected virtual void OnEpochBegin()
    {
    }

    /// <summary>Keras' <c>on_epoch_end</c> of the source (any workers have stopped).</summary>
    protected virtual void OnEpochEnd()
    {
    }

    /// <summary>Starts a pass over the source from its first batch.</summary>
    protected abstract void OpenPass();

    /// <summary>The next batch of the pass, or false when the source has no more.</summary>
    protected abstract bool TryFetch(out Batch batch);

    /// <summary>Goes on with the pass after <see cref="PausePass"/>.</summary>
    protected virtual void ResumePass()
    {
    }

    /// <summary>Stops any work ahead of the pass at the end of an epoch that leaves it unfinished.</summary>
    protected virtual void PausePass()
    {
    }

    /// <summary>Ends the pass.</summary>
    protected abstract void ClosePass();
}

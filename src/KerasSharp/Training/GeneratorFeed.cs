using KerasSharp.Data;
using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>
/// An enumerable of batches (Keras' generator adapter): its size is unknown until a pass runs out, and every pass
/// enumerates it afresh (<see cref="IEnumerable{T}.GetEnumerator"/>; an iterator method starts over).
/// </summary>
internal sealed class GeneratorFeed(Model model, IEnumerable<Batch> source, int? stepsPerEpoch, bool targets, IReadOnlyDictionary<int, float>? classWeight)
    : SourceFeed(model, null, stepsPerEpoch, targets, classWeight)
{
    private IEnumerator<Batch>? _pass;

    protected override void OpenPass() => _pass = source.GetEnumerator();

    protected override bool TryFetch(out Batch batch)
    {
        if (_pass!.MoveNext())
        {
            batch = _pass.Current;
            return true;
        }
        batch = default;
        return false;
    }

    protected override void ClosePass()
    {
        _pass?.Dispose();
        _pass = null;
    }
}

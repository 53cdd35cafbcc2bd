#nullable enable
namespace KerasSharp.Plotting;

/// <summary>One quantity of a history (<c>loss</c>, <c>accuracy</c>, …): its training and validation curves.</summary>
/// <param name="Title">The quantity's name, the panel's title.</param>
/// <param name="Training">The epoch-by-epoch training values, or null when only validation recorded it.</param>
/// <param name="Validation">The <c>val_</c> values, or null without validation.</param>
internal sealed record CurvePanel(string Title, Curve? Training, Curve? Validation);

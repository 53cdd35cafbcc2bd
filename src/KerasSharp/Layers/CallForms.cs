using System.Collections.Concurrent;
using System.Reflection;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Which of <see cref="Layer"/>'s call and shape methods a layer class overrides, found once per class: a layer may
/// implement one tensor in, one out (<c>Call(Tensor)</c>), several in, one out (<c>Call(IReadOnlyList&lt;Tensor&gt;)</c>)
/// or several out (<c>CallMany</c>), and the base dispatches every way of applying it to the form it has.
/// </summary>
internal sealed class CallForms
{
    private static readonly ConcurrentDictionary<Type, CallForms> s_byType = new();

    private CallForms(Type type)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        // Model's own implementations (which run a Functional graph) count as the base ones
        bool Overrides(string name, params Type[] parameters) =>
            type.GetMethod(name, flags, null, parameters, null) is { } m && m.DeclaringType != typeof(Layer) && m.DeclaringType != typeof(Models.Model);
        Single = Overrides("Call", typeof(Tensor), typeof(bool));
        List = Overrides("Call", typeof(IReadOnlyList<Tensor>), typeof(bool));
        Many = Overrides("CallMany", typeof(IReadOnlyList<Tensor>), typeof(bool));
        bool OwnShape(string name, Type parameter) =>
            type.GetMethod(name, flags, null, [parameter], null) is { DeclaringType: { } declaring } && declaring.Assembly != typeof(Layer).Assembly;
        OutputShape = OwnShape(nameof(Layer.ComputeOutputShape), typeof(Shape))
            || OwnShape(nameof(Layer.ComputeOutputShapes), typeof(IReadOnlyList<Shape>));
    }

    /// <summary>The forms of <paramref name="type"/>.</summary>
    public static CallForms Of(Type type) => s_byType.GetOrAdd(type, static t => new CallForms(t));

    /// <summary>Overrides <c>Call(Tensor, bool)</c>.</summary>
    public bool Single { get; }

    /// <summary>Overrides <c>Call(IReadOnlyList&lt;Tensor&gt;, bool)</c>.</summary>
    public bool List { get; }

    /// <summary>Overrides <c>CallMany</c>.</summary>
    public bool Many { get; }

    /// <summary>A user-defined class (not the library's) declares <c>ComputeOutputShape</c> or <c>ComputeOutputShapes</c>.</summary>
    public bool OutputShape { get; }
}

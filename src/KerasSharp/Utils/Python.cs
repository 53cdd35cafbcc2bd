namespace KerasSharp.Utils;

/// <summary>How Keras' messages print Python values, for messages worded as Keras words them.</summary>
internal static class Python
{
    /// <summary>A list of strings as Python prints it: <c>['a', 'b']</c>.</summary>
    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(s => $"'{s}'"))}]";
}

namespace KerasSharp.Tests.Testing;

/// <summary>A fresh folder under the system temp folder, deleted with its content when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kerassharp-test-{Guid.NewGuid():N}");

    /// <summary>A path inside the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

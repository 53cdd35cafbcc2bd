using NUnit.Framework;

namespace KerasSharp.Tests.Testing;

/// <summary>A fixture whose every test gets a fresh <see cref="TempFolder"/>, deleted afterwards.</summary>
public abstract class TempFolderTest
{
    private TempFolder? _folder;

    /// <summary>The current test's folder.</summary>
    protected string Folder => _folder!.Path;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder?.Dispose();

    /// <summary>A path inside the folder.</summary>
    protected string In(string name) => _folder![name];
}

using NUnit.Framework;

namespace KerasSharp.Tests.Testing;

/// <summary>A fixture whose every test gets a fresh temporary folder, deleted afterwards.</summary>
public abstract class TempFolderTest
{
    /// <summary>The current test's folder.</summary>
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateTempSubdirectory("kerassharp-test-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    /// <summary>A path inside the folder.</summary>
    protected string In(string name) => Path.Combine(Folder, name);
}

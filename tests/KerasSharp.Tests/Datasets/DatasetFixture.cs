namespace KerasSharp.Tests.Datasets;

/// <summary>
/// A base for dataset loader fixtures: each test gets a fresh temporary root whose <c>keras</c> folder is the Keras
/// home (see <see cref="DatasetTestData.Sources"/>), deleted afterwards.
/// </summary>
public abstract class DatasetFixture
{
    /// <summary>The temporary root of the current test.</summary>
    protected string Root { get; private set; } = null!;

    /// <summary>The Keras cache's <c>datasets</c> folder under <see cref="Root"/>.</summary>
    protected string DatasetsDir => Path.Combine(Root, "keras", "datasets");

    [SetUp]
    public void CreateRoot() => Root = Path.Combine(Path.GetTempPath(), "ks-dataset-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteRoot()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

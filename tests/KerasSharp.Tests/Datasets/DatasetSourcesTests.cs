using KerasSharp.Datasets;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class DatasetSourcesTests
{
    [Test]
    public void ResolveKerasHome_VariableSet_UsesIt()
    {
        Assert.That(DatasetSources.ResolveKerasHome("/data/keras", "/home/me"), Is.EqualTo("/data/keras"));
    }

    [TestCase(null)]
    [TestCase("")]
    public void ResolveKerasHome_VariableUnset_UsesDotKerasInHome(string? variable)
    {
        Assert.That(DatasetSources.ResolveKerasHome(variable, "/home/me"), Is.EqualTo("/home/me/.keras"));
    }

    [Test]
    public void ResolveKerasHome_NoHome_UsesTempFolder()
    {
        Assert.That(DatasetSources.ResolveKerasHome(null, ""), Is.EqualTo(Path.Combine(Path.GetTempPath(), ".keras")));
    }

    [Test]
    public void CacheDatasetsDirectory_IsDatasetsUnderKerasHome()
    {
        var sources = new DatasetSources { KerasHome = "/k" };

        Assert.That(sources.CacheDatasetsDirectory, Is.EqualTo("/k/datasets"));
        Assert.That(sources.SystemDatasetsDirectory, Is.EqualTo("/usr/share/datasets"));
    }
}

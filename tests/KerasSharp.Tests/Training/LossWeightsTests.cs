using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

public class LossWeightsTests
{
    [Test]
    public void Conversions_OneNumberAListOrADictionary()
    {
        LossWeights one = 0.5;
        LossWeights list = [1, 0.2];
        LossWeights named = new Dictionary<string, double> { ["priority"] = 1.0, ["department"] = 0.2 };
        Assert.Multiple(() =>
        {
            Assert.That((one.IsSingle, one[0]), Is.EqualTo((true, 0.5)));
            Assert.That((list.IsList, list.Count, list[1]), Is.EqualTo((true, 2, 0.2)));
            Assert.That(named.Names, Is.EqualTo(new[] { "priority", "department" }));
            Assert.That(named.ToString(), Is.EqualTo("{'priority': 1.0, 'department': 0.2}"));
            Assert.That(list.ToString(), Is.EqualTo("[1.0, 0.2]"));
        });
    }
}

using KerasSharp.Losses;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

public class OutputLossesTests
{
    [Test]
    public void Conversions_OneLossAListOrADictionary()
    {
        OutputLosses one = "mse";
        OutputLosses list = ["binary_crossentropy", null];
        OutputLosses named = new Dictionary<string, Loss> { ["priority"] = "binary_crossentropy", ["department"] = new CategoricalCrossentropy() };
        OutputLosses none = (Loss?)null;
        Assert.Multiple(() =>
        {
            Assert.That((one.IsSingle, one.Count), Is.EqualTo((true, 1)));
            Assert.That(one[0], Is.InstanceOf<MeanSquaredError>());
            Assert.That((list.IsList, list.Count, list[1]), Is.EqualTo((true, 2, (Loss?)null)));
            Assert.That(named.IsDictionary, Is.True);
            Assert.That(named.Names, Is.EqualTo(new[] { "priority", "department" }));
            Assert.That(named[1], Is.InstanceOf<CategoricalCrossentropy>());
            Assert.That(none.Count, Is.Zero);
        });
    }

    [Test]
    public void ToString_PrintsTheArgumentAsKerasDoes()
    {
        OutputLosses list = ["mse", null];
        OutputLosses named = new Dictionary<string, Loss> { ["a"] = "mae" };
        Assert.Multiple(() =>
        {
            Assert.That(list.ToString(), Is.EqualTo("['mean_squared_error', None]"));
            Assert.That(named.ToString(), Is.EqualTo("{'a': 'mean_absolute_error'}"));
        });
    }
}

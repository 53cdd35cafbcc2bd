using KerasSharp.Examples.Functional;

namespace KerasSharp.Tests.Examples;

public class FunctionalExampleTests
{
    [Test]
    public void TicketTriage_BothHeadsLearnTheirTargets()
    {
        Keras.SetRandomSeed(42);
        var output = new StringWriter();
        var result = TicketTriage.Run(train: 3000, test: 500, epochs: 10, verbose: 2, output);
        Assert.Multiple(() =>
        {
            Assert.That(result.PriorityAccuracy, Is.GreaterThanOrEqualTo(0.9), output.ToString());
            Assert.That(result.DepartmentAccuracy, Is.GreaterThanOrEqualTo(0.9), output.ToString());
            Assert.That(result.History.Keys, Is.SupersetOf(new[] { "loss", "priority_loss", "department_loss", "priority_accuracy", "val_department_accuracy" }));
            Assert.That(output.ToString(), Does.Contain("Connected to"), "the summary of a model with two inputs has Keras' Connected to column");
        });
    }

    [Test]
    public void TicketData_TargetsFollowTheirRules()
    {
        var data = TicketData.Generate(200, seed: 3);
        var titles = data.Titles.ToArray();
        var tags = data.Tags.ToArray();
        var priority = data.Priority.ToArray();
        for (int i = 0; i < data.Count; i++)
        {
            bool urgent = titles.AsSpan(i * TicketData.TitleLength, TicketData.TitleLength).ToArray().Any(w => w is >= 1 and < 20)
                || tags[i * TicketData.TagCount] == 1;
            Assert.That(priority[i], Is.EqualTo(urgent ? 1f : 0f), $"ticket {i}");
        }
    }
}

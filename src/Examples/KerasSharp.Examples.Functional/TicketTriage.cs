using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;

namespace KerasSharp.Examples.Functional;

/// <summary>
/// A model with two inputs and two outputs, in the style of keras.io's Functional API guide: the title goes through
/// an Embedding and a global average pooling, is concatenated with the tags, and a shared hidden layer feeds a priority
/// head (sigmoid) and a department head (softmax), each with its own loss, loss weight and metric.
/// </summary>
public static class TicketTriage
{
    /// <summary>Accuracies on the held-out tickets.</summary>
    public sealed record Result(double PriorityAccuracy, double DepartmentAccuracy, IReadOnlyDictionary<string, List<double>> History);

    /// <summary>Builds the model, as a Keras user writes it with the Functional API.</summary>
    public static Model Build()
    {
        var titleInput = new Input(shape: [TicketData.TitleLength], name: "title");
        var tagsInput = new Input(shape: [TicketData.TagCount], name: "tags");

        var titleFeatures = new Embedding(TicketData.Words, 16).Apply(titleInput);
        titleFeatures = new GlobalAveragePooling1D().Apply(titleFeatures);
        var x = new Concatenate().Apply([titleFeatures, tagsInput]);
        x = new Dense(32, activation: "relu").Apply(x);

        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(x);
        var department = new Dense(TicketData.Departments, activation: "softmax", name: "department").Apply(x);
        return new Model(inputs: [titleInput, tagsInput], outputs: [priority, department], name: "ticket_triage");
    }

    /// <summary>Trains on <paramref name="train"/> tickets and measures both heads on <paramref name="test"/> new ones.</summary>
    public static Result Run(int train, int test, int epochs, int verbose, TextWriter output)
    {
        var model = Build();
        if (verbose > 0)
        {
            model.Summary(output: output);
        }
        model.Compile(
            optimizer: "adam",
            loss: new Dictionary<string, Loss> { ["priority"] = "binary_crossentropy", ["department"] = "categorical_crossentropy" },
            lossWeights: new Dictionary<string, double> { ["priority"] = 1.0, ["department"] = 0.5 },
            metrics: new Dictionary<string, Metric> { ["priority"] = "accuracy", ["department"] = "accuracy" });

        var data = TicketData.Generate(train, seed: 1);
        var history = model.Fit(
            new Dictionary<string, Tensor> { ["title"] = data.Titles, ["tags"] = data.Tags },
            new Dictionary<string, Tensor> { ["priority"] = data.Priority, ["department"] = data.Department },
            batchSize: 32, epochs: epochs, verbose: verbose, validationSplit: 0.1);

        var held = TicketData.Generate(test, seed: 2);
        var scores = model.Evaluate([held.Titles, held.Tags], [held.Priority, held.Department], verbose: 0);
        return new Result(scores["priority_accuracy"], scores["department_accuracy"], history.History);
    }
}

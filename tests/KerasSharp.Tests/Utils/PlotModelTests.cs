using System.Text.RegularExpressions;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Testing;
using KerasSharp.Utils;

namespace KerasSharp.Tests.Utils;

/// <summary>Keras.Utils.ModelToDot and PlotModel: the DOT graph of a model, and the pictures Graphviz draws from it.</summary>
[TestFixture]
public class PlotModelTests
{
    [SetUp]
    public void ClearNames() => Keras.ClearSession();

    [TearDown]
    public void RestoreDot()
    {
        Graphviz.Executable = null;
        Graphviz.Timeout = TimeSpan.FromSeconds(60);
    }

    private static Sequential Mlp() => new([new Input(shape: [784], name: "pixels"), new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")]);

    /// <summary>Node id by the layer name shown in its label.</summary>
    private static Dictionary<string, string> NodeIds(string dot) =>
        Regex.Matches(dot, "\"(layer_\\d+)\" \\[label=<<table[^\\n]*?<b>([^<]+)</b>")
            .ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    /// <summary>The edges as (source name, destination name).</summary>
    private static List<(string, string)> Edges(string dot)
    {
        var names = NodeIds(dot).ToDictionary(kv => kv.Value, kv => kv.Key);
        return [.. Regex.Matches(dot, "\"(layer_\\d+)\" -> \"(layer_\\d+)\"").Select(m => (names[m.Groups[1].Value], names[m.Groups[2].Value]))];
    }

    [Test]
    public void ModelToDot_Sequential_ChainsLayersWithoutInputLayer()
    {
        string dot = Keras.Utils.ModelToDot(Mlp());

        Assert.That(dot, Does.StartWith("digraph G {\n"));
        Assert.That(dot, Does.Contain("rankdir=TB").And.Contain("dpi=200").And.Contain("splines=ortho").And.Contain("node [shape=record]"));
        Assert.That(NodeIds(dot).Keys, Is.EqualTo(new[] { "dense", "dense_1" }));
        Assert.That(dot, Does.Contain("<b>dense</b> (Dense)"));
        Assert.That(Edges(dot), Is.EqualTo(new[] { ("dense", "dense_1") }));
    }

    [Test]
    public void ModelToDot_ShowShapes_PrintsInputAndOutputShapesAsKeras()
    {
        string dot = Keras.Utils.ModelToDot(Mlp(), showShapes: true);

        Assert.That(dot, Does.Contain("Input shape: <b>(None, 784)</b>"));
        Assert.That(dot, Does.Contain("Output shape: <b>(None, 64)</b>"));
        Assert.That(dot, Does.Contain("Input shape: <b>(None, 64)</b>"));
        Assert.That(dot, Does.Contain("Output shape: <b>(None, 10)</b>"));
        Assert.That(dot, Does.Contain("<td colspan=\"2\" bgcolor=\"black\">"));
    }

    [Test]
    public void ModelToDot_NoOptions_HasNoShapeRow()
    {
        string dot = Keras.Utils.ModelToDot(Mlp());

        Assert.That(dot, Does.Not.Contain("shape:"));
        Assert.That(dot, Does.Contain("<td colspan=\"1\" bgcolor=\"black\">"));
    }

    [Test]
    public void ModelToDot_ActivationsDtypeAndTrainable_AddTheirRows()
    {
        var model = Mlp();
        model.Layers[1].Trainable = false;

        string dot = Keras.Utils.ModelToDot(model, showDtype: true, showLayerActivations: true, showTrainable: true);

        Assert.That(dot, Does.Contain("Activation: <b>relu</b>").And.Contain("Activation: <b>softmax</b>"));
        Assert.That(dot, Does.Contain("Output dtype: <b>float32</b>"));
        Assert.That(Regex.Matches(dot, "<b>Trainable</b>"), Has.Count.EqualTo(1));
        Assert.That(Regex.Matches(dot, "<b>Non-trainable</b>"), Has.Count.EqualTo(1));
    }

    [Test]
    public void ModelToDot_HideLayerNamesAndLeftToRight_ShowsClassOnly()
    {
        string dot = Keras.Utils.ModelToDot(Mlp(), showLayerNames: false, rankDir: "LR");

        Assert.That(dot, Does.Contain("rankdir=LR"));
        Assert.That(dot, Does.Contain("<b>Dense</b></font>"));
        Assert.That(dot, Does.Not.Contain("<b>dense</b>"));
    }

    [Test]
    public void ModelToDot_FunctionalWithTwoInputsAndMerge_DrawsInputsMergeAndBothOutputs()
    {
        var a = Keras.Input(shape: [3], name: "a");
        var b = Keras.Input(shape: [4], name: "b");
        var merged = new Concatenate(name: "merge").Apply([a, b]);
        var hidden = new Dense(8, name: "hidden").Apply(merged);
        var score = new Dense(1, name: "score").Apply(hidden);
        var label = new Dense(2, name: "label").Apply(hidden);
        var model = new Model([a, b], [score, label]);

        string dot = Keras.Utils.ModelToDot(model, showShapes: true);

        Assert.That(NodeIds(dot).Keys, Is.EquivalentTo(new[] { "a", "b", "merge", "hidden", "score", "label" }));
        Assert.That(Edges(dot), Is.EquivalentTo(new[] { ("a", "merge"), ("b", "merge"), ("merge", "hidden"), ("hidden", "score"), ("hidden", "label") }));
        Assert.That(dot, Does.Contain("<b>a</b> (InputLayer)"));
        Assert.That(dot, Does.Contain("Input shape: <b>[(None, 3), (None, 4)]</b>"));
        Assert.That(dot, Does.Contain("Output shape: <b>(None, 7)</b>"));
    }

    [Test]
    public void ModelToDot_InputLayer_HasOutputShapeOnly()
    {
        var x = Keras.Input(shape: [5], name: "x");
        var model = new Model(x, new Dense(2).Apply(x));

        string dot = Keras.Utils.ModelToDot(model, showShapes: true);
        string inputLine = dot.Split('\n').Single(l => l.Contains("(InputLayer)"));

        Assert.That(inputLine, Does.Contain("Output shape: <b>(None, 5)</b>"));
        Assert.That(inputLine, Does.Not.Contain("Input shape"));
    }

    private static Model NestedModel()
    {
        var innerInput = Keras.Input(shape: [6], name: "inner_in");
        var innerOut = new Dense(4, name: "inner_dense").Apply(innerInput);
        var inner = new Model(innerInput, innerOut, name: "encoder");
        var x = Keras.Input(shape: [6], name: "outer_in");
        var head = new Sequential([new Dense(3, name: "head_a"), new Dense(1, name: "head_b")], name: "head");
        var y = head.Apply(inner.Apply(x));
        return new Model(x, y, name: "outer");
    }

    [Test]
    public void ModelToDot_NestedModelCollapsed_IsOneBox()
    {
        string dot = Keras.Utils.ModelToDot(NestedModel());

        Assert.That(NodeIds(dot).Keys, Is.EquivalentTo(new[] { "outer_in", "encoder", "head" }));
        Assert.That(dot, Does.Contain("<b>encoder</b> (Functional)").And.Contain("<b>head</b> (Sequential)"));
        Assert.That(dot, Does.Not.Contain("subgraph"));
        Assert.That(Edges(dot), Is.EquivalentTo(new[] { ("outer_in", "encoder"), ("encoder", "head") }));
    }

    [Test]
    public void ModelToDot_NestedModelExpanded_DrawsClustersAndConnectsInnerLayers()
    {
        string dot = Keras.Utils.ModelToDot(NestedModel(), expandNested: true);

        Assert.That(Regex.Matches(dot, "subgraph \"cluster_"), Has.Count.EqualTo(2));
        Assert.That(dot, Does.Contain("label=\"encoder\"").And.Contain("label=\"head\"").And.Contain("style=dashed"));
        Assert.That(NodeIds(dot).Keys, Is.EquivalentTo(new[] { "outer_in", "inner_in", "inner_dense", "head_a", "head_b" }));
        Assert.That(Edges(dot), Is.EquivalentTo(new[]
        {
            ("inner_in", "inner_dense"), ("head_a", "head_b"), ("outer_in", "inner_in"), ("inner_dense", "head_a"),
        }));
    }

    private sealed class TwoDense : Model
    {
        public TwoDense()
            : base(name: "two_dense")
        {
        }

        public Dense First { get; } = new(4, activation: "relu");

        public Dense Second { get; } = new(1);

        protected override Tensor Call(Tensor inputs, bool training) => Second.Apply(First.Apply(inputs, training), training);
    }

    [Test]
    public void ModelToDot_SequentialWithNestedSequentialExpanded_ConnectsThroughTheCluster()
    {
        var middle = new Sequential([new Dense(5, name: "mid_a"), new Dense(5, name: "mid_b")], name: "middle");
        var model = new Sequential([new Input(shape: [4]), new Dense(5, name: "first"), middle, new Dense(1, name: "last")]);

        string collapsed = Keras.Utils.ModelToDot(model);
        string expanded = Keras.Utils.ModelToDot(model, expandNested: true);

        Assert.That(Edges(collapsed), Is.EqualTo(new[] { ("first", "middle"), ("middle", "last") }));
        Assert.That(Edges(expanded), Is.EquivalentTo(new[] { ("mid_a", "mid_b"), ("first", "mid_a"), ("mid_b", "last") }));
        Assert.That(Regex.Matches(expanded, "subgraph \"cluster_0_middle\""), Has.Count.EqualTo(1));
    }

    [Test]
    public void ModelToDot_SubclassedModel_IsOneBox()
    {
        var model = new TwoDense();
        model.EnsureBuilt(new Shape(-1, 3));

        string dot = Keras.Utils.ModelToDot(model);

        Assert.That(NodeIds(dot).Keys, Is.EqualTo(new[] { "two_dense" }));
        Assert.That(dot, Does.Contain("<b>two_dense</b> (TwoDense)"));
        Assert.That(dot, Does.Not.Contain("->"));
    }

    [Test]
    public void ModelToDot_UnbuiltModel_Throws()
    {
        var model = new Sequential([new Dense(2)], name: "unbuilt");

        var error = Assert.Throws<InvalidOperationException>(() => Keras.Utils.ModelToDot(model));
        Assert.That(error!.Message, Does.Contain("\"unbuilt\" has not yet been built"));
    }

    [Test]
    public void ModelToDot_LayerNameWithMarkup_IsEscaped()
    {
        var x = Keras.Input(shape: [2], name: "in");
        var model = new Model(x, new Dense(1, name: "a<b>&c").Apply(x));

        string dot = Keras.Utils.ModelToDot(model);

        Assert.That(dot, Does.Contain("<b>a&lt;b&gt;&amp;c</b>"));
    }

    [Test]
    public void ModelToDot_InvalidRankDir_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Keras.Utils.ModelToDot(Mlp(), rankDir: "XY"));
        Assert.That(error!.Message, Does.Contain("rankdir=XY"));
    }

    [Test]
    public void PlotModel_DotExtension_WritesDotTextWithoutGraphviz()
    {
        using var folder = new TempFolder();
        var model = Mlp();
        Graphviz.Executable = "kerassharp-no-such-dot";

        Keras.Utils.PlotModel(model, folder["model.dot"]);

        Assert.That(File.ReadAllText(folder["model.dot"]), Is.EqualTo(Keras.Utils.ModelToDot(model)));
        Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(1));
    }

    [Test]
    public void PlotModel_Png_WritesPngWithGraphviz()
    {
        RequireDot();
        using var folder = new TempFolder();

        Keras.Utils.PlotModel(Mlp(), folder["model.png"], showShapes: true, dpi: 72);

        byte[] bytes = File.ReadAllBytes(folder["model.png"]);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(bytes, Has.Length.GreaterThan(2000));
        Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(1), "no temporary file is left");
    }

    [Test]
    public void PlotModel_Svg_ContainsTheLayerNames()
    {
        RequireDot();
        using var folder = new TempFolder();
        var a = Keras.Input(shape: [3], name: "left");
        var b = Keras.Input(shape: [3], name: "right");
        var model = new Model([a, b], new Add(name: "sum").Apply([a, b]));

        Keras.Utils.PlotModel(model, folder["model.svg"], rankDir: "LR");

        string svg = File.ReadAllText(folder["model.svg"]);
        Assert.That(svg, Does.Contain("<svg"));
        Assert.That(svg, Does.Contain(">left<").And.Contain(">right<").And.Contain(">sum<"));
    }

    [Test]
    public void PlotModel_DotMissing_ThrowsWithInstallHint()
    {
        using var folder = new TempFolder();
        Graphviz.Executable = "kerassharp-no-such-dot";

        var error = Assert.Throws<InvalidOperationException>(() => Keras.Utils.PlotModel(Mlp(), folder["model.png"]));

        Assert.That(error!.Message, Does.Contain("You must install Graphviz for `PlotModel` to work"));
        Assert.That(error.Message, Does.Contain("sudo apt-get install graphviz").And.Contain(".dot"));
        Assert.That(Directory.GetFiles(folder.Path), Is.Empty);
    }

    [Test]
    public void PlotModel_DotFails_ReportsItsErrorOutput()
    {
        using var folder = new TempFolder();
        UseFakeDot(folder, "#!/bin/sh\ncat >/dev/null\necho 'Error: syntax error in line 1' >&2\nexit 3\n");

        var error = Assert.Throws<InvalidOperationException>(() => Keras.Utils.PlotModel(Mlp(), folder["model.png"]));

        Assert.That(error!.Message, Does.Contain("exit code 3").And.Contain("Error: syntax error in line 1"));
        Assert.That(File.Exists(folder["model.png"]), Is.False);
    }

    [Test]
    public void PlotModel_DotHangs_TimesOutAndWritesNothing()
    {
        using var folder = new TempFolder();
        UseFakeDot(folder, "#!/bin/sh\nexec sleep 30\n");
        Graphviz.Timeout = TimeSpan.FromMilliseconds(300);

        var error = Assert.Throws<InvalidOperationException>(() => Keras.Utils.PlotModel(Mlp(), folder["model.svg"]));

        Assert.That(error!.Message, Does.Contain("did not finish within 0.3 s"));
        Assert.That(File.Exists(folder["model.svg"]), Is.False);
    }

    [Test]
    public void PlotModel_UnknownExtension_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Keras.Utils.PlotModel(Mlp(), "model.bmp"));
        Assert.That(error!.Message, Does.Contain("toFile=model.bmp").And.Contain("'png'"));
    }

    [Test]
    public void FormatShape_OneDimension_IsPythonTuple()
    {
        Assert.That(ModelPlot.FormatShape(new Shape(-1)), Is.EqualTo("(None,)"));
        Assert.That(ModelPlot.FormatShape(new Shape(-1, 28, 28, 1)), Is.EqualTo("(None, 28, 28, 1)"));
    }

    /// <summary>Points PlotModel at a shell script standing in for dot.</summary>
    private static void UseFakeDot(TempFolder folder, string script)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("needs a POSIX shell script");
            return;
        }
        string path = folder["fake-dot"];
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Graphviz.Executable = path;
    }

    private static void RequireDot()
    {
        if (Graphviz.Find() is null)
        {
            Assert.Fail("Graphviz' dot is not installed (Debian package graphviz); .ci/run installs it.");
        }
    }
}

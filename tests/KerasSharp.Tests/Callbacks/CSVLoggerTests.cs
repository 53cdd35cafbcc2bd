using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class CSVLoggerTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("csvlogger").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void Train(CSVLogger logger, params Logs[] epochs)
    {
        logger.OnTrainBegin(new Logs());
        for (int e = 0; e < epochs.Length; e++)
        {
            logger.OnEpochEnd(e, epochs[e]);
        }
        logger.OnTrainEnd(new Logs());
    }

    [Test]
    public void EpochEnd_WritesEpochThenSortedKeys_WithValColumnsAndNA_AsKeras()
    {
        string file = PathOf("log.csv");
        Train(new CSVLogger(file),
            new Logs { ["loss"] = 0.6931471824645996, ["accuracy"] = 0.5 },
            new Logs { ["loss"] = 1e-05, ["accuracy"] = 1.0 });
        Assert.That(File.ReadAllText(file), Is.EqualTo(
            "epoch,accuracy,loss,val_accuracy,val_loss\r\n" +
            "0,0.5,0.6931471824645996,NA,NA\r\n" +
            "1,1.0,1e-05,NA,NA\r\n"));
    }

    [Test]
    public void WithValidation_ColumnsAreTheSortedKeys_AndTheSeparatorIsUsed()
    {
        string file = PathOf("log.tsv");
        Train(new CSVLogger(file, separator: "\t"), new Logs { ["loss"] = 2.5, ["val_loss"] = 3.0, ["learning_rate"] = 0.0010000000474974513 });
        Assert.That(File.ReadAllText(file), Is.EqualTo("epoch\tlearning_rate\tloss\tval_loss\r\n0\t0.0010000000474974513\t2.5\t3.0\r\n"));
    }

    [Test]
    public void Append_ContinuesAnExistingFile_WithoutASecondHeader()
    {
        string file = PathOf("log.csv");
        Train(new CSVLogger(file, append: true), new Logs { ["loss"] = 1.0, ["val_loss"] = 2.0 });
        Train(new CSVLogger(file, append: true), new Logs { ["loss"] = 0.5, ["val_loss"] = 1.5 });
        Assert.That(File.ReadAllText(file), Is.EqualTo("epoch,loss,val_loss\r\n0,1.0,2.0\r\n0,0.5,1.5\r\n"));
    }

    [Test]
    public void WithoutAppend_OverwritesTheFile()
    {
        string file = PathOf("log.csv");
        File.WriteAllText(file, "old content\n");
        Train(new CSVLogger(file), new Logs { ["loss"] = 1.0, ["val_loss"] = 2.0 });
        Assert.That(File.ReadAllText(file), Is.EqualTo("epoch,loss,val_loss\r\n0,1.0,2.0\r\n"));
    }

    [Test]
    public void EpochEnd_FlushesSoTheFileCanBeReadDuringTraining()
    {
        string file = PathOf("log.csv");
        var logger = new CSVLogger(file);
        logger.OnTrainBegin(new Logs());
        logger.OnEpochEnd(0, new Logs { ["loss"] = 1.0, ["val_loss"] = 2.0 });
        using (var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            Assert.That(reader.ReadToEnd(), Is.EqualTo("epoch,loss,val_loss\r\n0,1.0,2.0\r\n"));
        }
        logger.OnTrainEnd(new Logs());
    }

    [Test]
    public void Fit_WritesOneRowPerEpoch_WithTheHistorysValues()
    {
        string file = PathOf("fit.csv");
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"]);
        float[,] x = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 }, { 1, 1 } };
        float[] y = [1, 1, 0, 0, 0];
        var history = model.Fit(x, y, epochs: 3, verbose: 0, validationSplit: 0.4f, callbacks: [new CSVLogger(file)]);
        string[] lines = File.ReadAllText(file).Split("\r\n");
        Assert.That(lines[0], Is.EqualTo("epoch,accuracy,loss,val_accuracy,val_loss"));
        Assert.That(lines, Has.Length.EqualTo(5), "a header, three rows and the empty text after the last line end");
        for (int e = 0; e < 3; e++)
        {
            string[] fields = lines[e + 1].Split(',');
            Assert.That(fields[0], Is.EqualTo(e.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(history.History["loss"][e]));
            Assert.That(double.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(history.History["val_loss"][e]));
        }
    }

    [Test]
    public void Separator_OfMoreThanOneCharacter_Throws()
    {
        Assert.That(() => new CSVLogger("x.csv", separator: ";;"), Throws.ArgumentException.With.Message.Contains("1-character string"));
    }
}

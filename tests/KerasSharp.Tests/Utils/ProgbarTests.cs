using KerasSharp.Utils;

namespace KerasSharp.Tests.Utils;

/// <summary>Exact-output tests for the Keras 3 style progress bar.</summary>
[TestFixture]
public class ProgbarTests
{
    private const string Bold = "\x1b[1m";
    private const string Reset = "\x1b[0m";
    private const string Green = "\x1b[32m";
    private const string White = "\x1b[37m";

    private static string Bar(int count, char c = '━') => new(c, count);

    private static KeyValuePair<string, double> M(string key, double value) => new(key, value);

    /// <summary>A settable clock in seconds.</summary>
    private sealed class FakeClock
    {
        public double Now { get; set; }

        public Func<double> Func => () => Now;
    }

    [Test]
    public void Verbose1_Terminal_Ansi_ReproducesKerasByteLayout()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(782, output, clock: clock.Func);

        clock.Now = 2.4;
        bar.Update(1, [M("accuracy", 0.5), M("loss", 0.69)]);
        clock.Now = 61;
        bar.Update(782, [M("accuracy", 0.754), M("loss", 0.4697)], finalize: true);

        string first = "\r" + Bold + "  1/782" + Reset + " "
            + White + Bar(20) + Reset
            + " " + Bold + "31:14" + Reset
            + " 2s/step - accuracy: 0.5000 - loss: 0.6900";
        string last = "\r" + Bold + "782/782" + Reset + " "
            + Green + Bar(20) + Reset + White + Reset
            + " " + Bold + "61s" + Reset
            + " 75ms/step - accuracy: 0.7540 - loss: 0.4697\n";
        Assert.That(output.ToString(), Is.EqualTo(first + last));
    }

    [Test]
    public void Verbose1_UnknownTarget_CountsUnknownWithElapsedTime()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(null, output, clock: clock.Func);

        clock.Now = 2;
        bar.Update(3, [M("loss", 0.5)]);
        clock.Now = 4;
        bar.Target = 6;
        bar.Update(6, [M("loss", 0.25)], finalize: true);

        // as Keras' Progbar(target=None): "%7d/Unknown", then the elapsed time (no remaining time, no bar)
        string first = "\r      3/Unknown " + Bold + "2s" + Reset + " 667ms/step - loss: 0.5000";
        string last = "\r" + Bold + "6/6" + Reset + " " + Green + Bar(20) + Reset + White + Reset
            + " " + Bold + "4s" + Reset + " 667ms/step - loss: 0.2500\n";
        Assert.That(output.ToString(), Is.EqualTo(first + last));
    }

    [Test]
    public void Verbose1_PartialBar_SplitsGreenAndWhite()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(10, output, clock: clock.Func);

        clock.Now = 1;
        bar.Update(5);

        string expected = "\r" + Bold + " 5/10" + Reset + " "
            + Green + Bar(10) + Reset + White + Bar(10) + Reset
            + " " + Bold + "1s" + Reset + " 200ms/step";
        Assert.That(output.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Verbose1_ZeroProgress_HasNoGreenSegment()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(100, output, clock: clock.Func);

        clock.Now = 3;
        bar.Update(4);

        // int(20 * 4 / 100) == 0, tpu = 0.75 s, eta = 72 s.
        string expected = "\r" + Bold + "  4/100" + Reset + " "
            + White + Bar(20) + Reset
            + " " + Bold + "1:12" + Reset + " 750ms/step";
        Assert.That(output.ToString(), Is.EqualTo(expected));
        Assert.That(output.ToString(), Does.Not.Contain(Green));
    }

    [Test]
    public void Verbose1_Terminal_NoAnsi_PadsShorterLinesToPreviousWidth()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(100, output, ansi: false, clock: clock.Func);

        clock.Now = 1;
        bar.Update(1);
        clock.Now = 60;
        bar.Update(60);
        clock.Now = 100;
        bar.Update(100, finalize: true);

        string expected =
            "\r  1/100 " + Bar(20) + " 1:39 1s/step"
            + "\r 60/100 " + Bar(20) + " 40s 1s/step "
            + "\r100/100 " + Bar(20) + " 100s 1s/step\n";
        Assert.That(output.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Verbose1_Terminal_ThrottlesRedrawsButNeverTheFinalOne()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(10, output, ansi: false, clock: clock.Func);

        clock.Now = 0.01;
        bar.Update(1);
        clock.Now = 0.02;
        bar.Update(2);
        clock.Now = 0.07;
        bar.Update(3);
        clock.Now = 0.08;
        bar.Update(4);
        clock.Now = 0.09;
        bar.Update(10, finalize: true);

        string[] frames = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(frames, Has.Length.EqualTo(3));
        Assert.That(frames[0], Does.StartWith(" 1/10 "));
        Assert.That(frames[1], Does.StartWith(" 3/10 "));
        Assert.That(frames[2], Does.StartWith("10/10 "));
        Assert.That(frames[2], Does.EndWith("\n"));
    }

    [Test]
    public void Verbose1_TimePerStep_ExcludesTheFirstStep()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(11, output, ansi: false, clock: clock.Func);

        clock.Now = 5;
        bar.Update(1);
        clock.Now = 6;
        bar.Update(11, finalize: true);

        string expected =
            "\r 1/11 " + Bar(20) + " 50s 5s/step"
            + "\r11/11 " + Bar(20) + " 6s 100ms/step\n";
        Assert.That(output.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Verbose1_Redirected_WritesOneCleanLineOnlyAtTheEnd()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(3, output, dynamicDisplay: false, ansi: false, clock: clock.Func);

        for (int step = 1; step <= 3; step++)
        {
            clock.Now = step;
            bar.Update(step, [M("loss", 1.0 / (step + 1))]);
        }

        Assert.That(output.ToString(), Is.Empty);

        bar.Update(3, finalize: true);
        Assert.That(output.ToString(), Is.EqualTo("3/3 " + Bar(20) + " 3s 1s/step - loss: 0.2500\n"));
    }

    [Test]
    public void Verbose1_Redirected_WithAnsi_KeepsEscapesButNoCarriageReturn()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(2, output, dynamicDisplay: false, clock: clock.Func);

        clock.Now = 1;
        bar.Update(1);
        clock.Now = 2;
        bar.Update(2, finalize: true);

        string expected = Bold + "2/2" + Reset + " " + Green + Bar(20) + Reset + White + Reset
            + " " + Bold + "2s" + Reset + " 1s/step\n";
        Assert.That(output.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Verbose1_AsciiFallback_DrawsEqualsSigns()
    {
        var output = new StringWriter();
        var bar = new Progbar(1, output, dynamicDisplay: false, ansi: false, unicode: false, clock: () => 0);

        bar.Update(1, finalize: true);

        Assert.That(output.ToString(), Is.EqualTo("1/1 ==================== 0s 0s/step\n"));
    }

    [Test]
    public void Verbose1_CustomWidthAndUnitName()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(4, output, ansi: false, clock: clock.Func, unitName: "sample", width: 8);

        clock.Now = 0.5;
        bar.Update(4, finalize: true);

        Assert.That(output.ToString(), Is.EqualTo("\r4/4 " + Bar(8) + " 0s 125ms/sample\n"));
    }

    [Test]
    public void Verbose2_PrintsOneSummaryLineOnFinalize()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(25, output, verbose: 2, clock: clock.Func);

        clock.Now = 0.1;
        bar.Update(1, [M("accuracy", 0.7), M("loss", 0.6)]);
        Assert.That(output.ToString(), Is.Empty);

        clock.Now = 0.388;
        bar.Update(25, [M("accuracy", 0.8205), M("loss", 0.4910)], finalize: true);

        Assert.That(output.ToString(), Is.EqualTo("25/25 - 0s - 12ms/step - accuracy: 0.8205 - loss: 0.4910\n"));
    }

    [Test]
    public void Verbose2_PadsCounterAndUsesSignedSmallValueTest()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new Progbar(100, output, verbose: 2, clock: clock.Func);

        clock.Now = 2;
        bar.Update(5, [M("loss", -0.5), M("mae", 0.0005), M("acc", 0.25)], finalize: true);

        Assert.That(
            output.ToString(),
            Is.EqualTo("  5/100 - 2s - 400ms/step - loss: -5.0000e-01 - mae: 5.0000e-04 - acc: 0.2500\n"));
    }

    [Test]
    public void Verbose2_KeepsFirstSeenKeyOrderAndLastValues()
    {
        var output = new StringWriter();
        var bar = new Progbar(4, output, verbose: 2, clock: () => 0);

        bar.Update(1, [M("loss", 1.0), M("acc", 0.5)]);
        bar.Update(2, [M("acc", 0.6)]);
        bar.Update(3, [M("val_loss", 0.7)]);
        bar.Update(4, finalize: true);

        Assert.That(output.ToString(), Is.EqualTo("4/4 - 0s - 0s/step - loss: 1.0000 - acc: 0.6000 - val_loss: 0.7000\n"));
    }

    [Test]
    public void Verbose0_PrintsNothing()
    {
        var output = new StringWriter();
        var bar = new Progbar(2, output, verbose: 0, clock: () => 1);

        bar.Update(1, [M("loss", 1)]);
        bar.Update(2, finalize: true);

        Assert.That(output.ToString(), Is.Empty);
        Assert.That(bar.IsFinalized, Is.True);
    }

    [Test]
    public void UpdatesAfterFinalize_AreIgnored()
    {
        var output = new StringWriter();
        var bar = new Progbar(1, output, verbose: 2, clock: () => 0);

        bar.Update(1, finalize: true);
        bar.Update(1, finalize: true);

        Assert.That(output.ToString(), Is.EqualTo("1/1 - 0s - 0s/step\n"));
    }

    [Test]
    public void Constructor_RejectsInvalidArguments()
    {
        var output = new StringWriter();
        Assert.Multiple(() =>
        {
            Assert.That(() => new Progbar(0, output), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Progbar(1, output, verbose: 3), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Progbar(1, output, width: 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Progbar(1, output, interval: double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Progbar(1, null!), Throws.TypeOf<ArgumentNullException>());
        });
    }

    [TestCase(0.4697, "0.4697")]
    [TestCase(0.0011, "0.0011")]
    [TestCase(-0.25, "-0.2500")]
    [TestCase(123456.789, "123456.7890")]
    [TestCase(0.001, "1.0000e-03")]
    [TestCase(0.0005, "5.0000e-04")]
    [TestCase(-0.0005, "-5.0000e-04")]
    [TestCase(0.000123456, "1.2346e-04")]
    [TestCase(9.99996e-4, "1.0000e-03")]
    [TestCase(1e-300, "1.0000e-300")]
    [TestCase(0.0, "0.0000e+00")]
    [TestCase(double.NaN, "nan")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    public void FormatMetricValue_MatchesPythonFormatting(double value, string expected)
    {
        Assert.That(Progbar.FormatMetricValue(value), Is.EqualTo(expected));
    }

    [TestCase(0.125, 2, "0.12")]
    [TestCase(0.375, 2, "0.38")]
    [TestCase(1.005, 2, "1.00")]
    [TestCase(2.5, 0, "2")]
    [TestCase(3.5, 0, "4")]
    [TestCase(61.4, 0, "61")]
    [TestCase(-0.0, 4, "-0.0000")]
    [TestCase(-0.00001, 4, "-0.0000")]
    [TestCase(1e20, 1, "100000000000000000000.0")]
    public void FormatFixed_RoundsHalfToEvenOnTheExactValue(double value, int decimals, string expected)
    {
        Assert.That(Progbar.FormatFixed(value, decimals), Is.EqualTo(expected));
    }

    [TestCase(123456.0, 2, "1.23e+05")]
    [TestCase(5e-324, 4, "4.9407e-324")]
    [TestCase(1.0, 0, "1e+00")]
    public void FormatExponent_MatchesPython(double value, int decimals, string expected)
    {
        Assert.That(Progbar.FormatExponent(value, decimals), Is.EqualTo(expected));
    }

    [TestCase(0.0, " 0s/step")]
    [TestCase(1.5, " 2s/step")]
    [TestCase(2.5, " 2s/step")]
    [TestCase(0.075, " 75ms/step")]
    [TestCase(0.000758, " 758us/step")]
    public void FormatTimePerUnit_ChoosesUnit(double seconds, string expected)
    {
        Assert.That(Progbar.FormatTimePerUnit(seconds, "step"), Is.EqualTo(expected));
    }

    [TestCase(0.0, "0s")]
    [TestCase(59.9, "59s")]
    [TestCase(60.0, "60s")]
    [TestCase(61.0, "1:01")]
    [TestCase(3600.0, "60:00")]
    [TestCase(3725.9, "1:02:05")]
    public void FormatEta_UsesKerasThresholds(double eta, string expected)
    {
        Assert.That(Progbar.FormatEta(eta), Is.EqualTo(expected));
    }
}

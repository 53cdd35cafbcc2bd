using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace KerasSharp.Utils;

/// <summary>
/// Keras 3 style progress bar: <c>  47/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - loss: 0.2398</c>.
/// </summary>
/// <remarks>
/// <para>verbose 1 redraws one line in place on a terminal (<c>\r</c>, throttled to <c>interval</c> seconds,
/// right-padded to the previous width); when the output is not a terminal it writes nothing until the final
/// update and then exactly one clean line. verbose 2 writes one line on the final update only. verbose 0
/// writes nothing.</para>
/// <para>Metric values are shown as given (the caller passes running means); keys keep first-seen order and a key
/// missing from a later update keeps its last value. After the final update further updates are ignored.</para>
/// </remarks>
internal sealed class Progbar
{
    private const string Bold = "\x1b[1m";
    private const string Reset = "\x1b[0m";
    private const string Green = "\x1b[32m";
    private const string White = "\x1b[37m";

    private int? _target;
    private readonly TextWriter _output;
    private readonly int _verbose;
    private readonly bool _dynamicDisplay;
    private readonly bool _ansi;
    private readonly char _barChar;
    private readonly Func<double> _clock;
    private readonly string _unitName;
    private readonly int _width;
    private readonly double _interval;
    private readonly double _start;
    private readonly List<string> _order = [];
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private double? _timeAfterFirstStep;
    private double _lastUpdate = double.NegativeInfinity;
    private int _previousWidth;
    private bool _finalized;

    /// <summary>Creates a progress bar for <paramref name="target"/> steps.</summary>
    /// <param name="target">Number of steps in a full bar, at least 1; null when unknown (Keras' <c>target=None</c>: the bar shows <c>n/Unknown</c> and the elapsed time).</param>
    /// <param name="output">Where the bar is written.</param>
    /// <param name="verbose">0 silent, 1 bar, 2 one line at the end.</param>
    /// <param name="dynamicDisplay">True when <paramref name="output"/> is a terminal that honours <c>\r</c>.</param>
    /// <param name="ansi">Emit bold/colour escape sequences.</param>
    /// <param name="unicode">Draw the bar with <c>━</c>; otherwise with <c>=</c>.</param>
    /// <param name="clock">Monotonic time in seconds; defaults to a stopwatch started now.</param>
    /// <param name="unitName">Unit shown in the per-unit time, e.g. <c>step</c>.</param>
    /// <param name="width">Bar width in characters.</param>
    /// <param name="interval">Minimum seconds between two redraws of a dynamic bar (the final redraw is never skipped).</param>
    internal Progbar(
        int? target,
        TextWriter output,
        int verbose = 1,
        bool dynamicDisplay = true,
        bool ansi = true,
        bool unicode = true,
        Func<double>? clock = null,
        string unitName = "step",
        int width = 20,
        double interval = 0.05)
    {
        if (target is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be at least 1, or null when unknown.");
        }
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(verbose, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(verbose, 2);
        ArgumentNullException.ThrowIfNull(unitName);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!(interval >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Interval must be a non-negative number of seconds.");
        }

        _target = target;
        _output = output;
        _verbose = verbose;
        _dynamicDisplay = dynamicDisplay;
        _ansi = ansi;
        _barChar = unicode ? '━' : '=';
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed.TotalSeconds;
        }

        _clock = clock;
        _unitName = unitName;
        _width = width;
        _interval = interval;
        _start = _clock();
    }

    /// <summary>Number of steps in a full bar, or null when unknown; set once known (Keras sets it before the final update).</summary>
    internal int? Target
    {
        get => _target;
        set => _target = value is < 1 ? throw new ArgumentOutOfRangeException(nameof(value), value, "The target must be at least 1, or null when unknown.") : value;
    }

    /// <summary>True once an update with <c>finalize: true</c> has been processed.</summary>
    internal bool IsFinalized => _finalized;

    /// <summary>Records progress and redraws the bar when due.</summary>
    /// <param name="current">Number of steps completed so far.</param>
    /// <param name="values">Metric values to show, in display order for keys not seen before.</param>
    /// <param name="finalize">True for the last update of the bar (prints elapsed time and ends the line).</param>
    internal void Update(int current, IReadOnlyList<KeyValuePair<string, double>>? values = null, bool finalize = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(current);
        if (_finalized)
        {
            return;
        }

        if (values is not null)
        {
            foreach (var (key, value) in values)
            {
                if (!_values.ContainsKey(key))
                {
                    _order.Add(key);
                }

                _values[key] = value;
            }
        }

        double now = _clock();
        double timePerUnit = EstimateStepDuration(current, now);

        if (_verbose == 1)
        {
            if (!finalize && now - _lastUpdate < _interval)
            {
                return;
            }

            if (_dynamicDisplay || finalize)
            {
                WriteBarLine(current, now, timePerUnit, finalize);
            }
        }
        else if (_verbose == 2 && finalize && _target is not null)
        {
            WriteSummaryLine(current, now, timePerUnit);
        }

        _lastUpdate = now;
        if (finalize)
        {
            _finalized = true;
        }
    }

    /// <summary>
    /// Formats a metric value as Keras does: 4 decimals when <c>|v| &gt; 1e-3</c>, else scientific
    /// with 4 decimals (<c>5.0000e-04</c>).
    /// </summary>
    internal static string FormatMetricValue(double value) =>
        Math.Abs(value) > 1e-3 ? FormatFixed(value, 4) : FormatExponent(value, 4);

    /// <summary>
    /// Formats like Python's <c>f"{value:.{decimals}f}"</c>: exact binary value rounded half to even,
    /// invariant culture, <c>nan</c>/<c>inf</c>/<c>-inf</c> for non-finite values, sign kept for negative zero.
    /// </summary>
    internal static string FormatFixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        string digits = ScaledRound(Math.Abs(value), decimals).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= decimals)
        {
            digits = new string('0', decimals + 1 - digits.Length) + digits;
        }

        var text = new StringBuilder(digits.Length + 2);
        if (double.IsNegative(value))
        {
            text.Append('-');
        }

        text.Append(digits, 0, digits.Length - decimals);
        if (decimals > 0)
        {
            text.Append('.').Append(digits, digits.Length - decimals, decimals);
        }

        return text.ToString();
    }

    /// <summary>
    /// Formats like Python's <c>f"{value:.{decimals}e}"</c>: mantissa with <paramref name="decimals"/> decimals,
    /// exponent with a sign and at least two digits (<c>1.2346e+05</c>), rounding half to even on the exact value.
    /// </summary>
    internal static string FormatExponent(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        double magnitude = Math.Abs(value);
        int exponent = 0;
        string digits;
        if (magnitude == 0)
        {
            digits = new string('0', decimals + 1);
        }
        else
        {
            BigInteger lower = BigInteger.Pow(10, decimals);
            BigInteger upper = lower * 10;
            exponent = (int)Math.Floor(Math.Log10(magnitude));
            BigInteger scaled = ScaledRound(magnitude, decimals - exponent);
            while (scaled >= upper || scaled < lower)
            {
                exponent += scaled >= upper ? 1 : -1;
                scaled = ScaledRound(magnitude, decimals - exponent);
            }

            digits = scaled.ToString(CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder(decimals + 8);
        if (double.IsNegative(value))
        {
            text.Append('-');
        }

        text.Append(digits[0]);
        if (decimals > 0)
        {
            text.Append('.').Append(digits, 1, decimals);
        }

        text.Append('e').Append(exponent < 0 ? '-' : '+');
        text.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>
    /// Per-unit time as Keras prints it, with a leading space: <c> 2s/step</c>, <c> 75ms/step</c> or <c> 758us/step</c>.
    /// </summary>
    internal static string FormatTimePerUnit(double timePerUnit, string unitName)
    {
        if (timePerUnit >= 1 || timePerUnit == 0)
        {
            return $" {FormatFixed(timePerUnit, 0)}s/{unitName}";
        }

        if (timePerUnit >= 1e-3)
        {
            return $" {FormatFixed(timePerUnit * 1000.0, 0)}ms/{unitName}";
        }

        return $" {FormatFixed(timePerUnit * 1000000.0, 0)}us/{unitName}";
    }

    /// <summary>
    /// Remaining time as Keras prints it: <c>h:mm:ss</c> above an hour, <c>m:ss</c> above a minute, else <c>Ns</c>
    /// (fractions of a second are truncated).
    /// </summary>
    internal static string FormatEta(double eta)
    {
        if (eta > 3600)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{(long)Math.Floor(eta / 3600)}:{(long)Math.Floor(eta % 3600 / 60):00}:{(long)(eta % 60):00}");
        }

        if (eta > 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Floor(eta / 60)}:{(long)(eta % 60):00}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(long)eta}s");
    }

    private double EstimateStepDuration(int current, double now)
    {
        if (current == 0)
        {
            return 0;
        }

        double timePerUnit = _timeAfterFirstStep is double afterFirst && current > 1
            ? (now - afterFirst) / (current - 1)
            : (now - _start) / current;

        if (current == 1)
        {
            _timeAfterFirstStep = now;
        }

        return timePerUnit;
    }

    private string Counter(int current, int target) =>
        current.ToString(CultureInfo.InvariantCulture).PadLeft(target.ToString(CultureInfo.InvariantCulture).Length) + "/" + target.ToString(CultureInfo.InvariantCulture);

    private void WriteBarLine(int current, double now, double timePerUnit, bool finalize)
    {
        // an unknown target (Keras' None) shows the count alone, and the elapsed time instead of the remaining
        bool known = _target is not null;
        int target = _target ?? 1;
        string counter = known ? Counter(current, target) : current.ToString(CultureInfo.InvariantCulture).PadLeft(7) + "/Unknown";
        int filled = (int)(_width * ((double)current / target));
        filled = Math.Clamp(filled, 0, _width);

        string time = finalize || !known ? FormatFixed(now - _start, 0) + "s" : FormatEta(timePerUnit * (target - current));

        var info = new StringBuilder();
        info.Append(FormatTimePerUnit(timePerUnit, _unitName));
        foreach (string key in _order)
        {
            info.Append(" - ").Append(key).Append(": ").Append(FormatMetricValue(_values[key]));
        }

        var line = new StringBuilder();
        if (_dynamicDisplay)
        {
            line.Append('\r');
        }

        if (!known)
        {
            line.Append(counter).Append(' ');
            line.Append(_ansi ? Bold + time + Reset : time);
        }
        else if (_ansi)
        {
            line.Append(Bold).Append(counter).Append(Reset).Append(' ');
            if (filled > 0)
            {
                line.Append(Green).Append(_barChar, filled).Append(Reset);
            }

            line.Append(White).Append(_barChar, _width - filled).Append(Reset);
            line.Append(' ').Append(Bold).Append(time).Append(Reset);
        }
        else
        {
            line.Append(counter).Append(' ').Append(_barChar, _width).Append(' ').Append(time);
        }

        line.Append(info);

        int visibleWidth = counter.Length + 1 + (known ? _width + 1 : 0) + time.Length + info.Length;
        if (_dynamicDisplay && _previousWidth > visibleWidth)
        {
            line.Append(' ', _previousWidth - visibleWidth);
        }

        if (finalize)
        {
            line.Append('\n');
        }

        _previousWidth = visibleWidth;
        _output.Write(line.ToString());
        _output.Flush();
    }

    private void WriteSummaryLine(int current, double now, double timePerUnit)
    {
        var line = new StringBuilder();
        line.Append(Counter(current, _target!.Value)).Append(" - ").Append(FormatFixed(now - _start, 0)).Append("s -");
        line.Append(FormatTimePerUnit(timePerUnit, _unitName));
        foreach (string key in _order)
        {
            double value = _values[key];
            line.Append(" - ").Append(key).Append(": ");
            line.Append(value > 1e-3 ? FormatFixed(value, 4) : FormatExponent(value, 4));
        }

        line.Append('\n');
        _output.Write(line.ToString());
        _output.Flush();
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    /// <summary>Rounds <c>magnitude * 10^power</c> to an integer, half to even, using the exact binary value.</summary>
    private static BigInteger ScaledRound(double magnitude, int power)
    {
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int biasedExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        BigInteger numerator = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        int binaryExponent = biasedExponent == 0 ? -1074 : biasedExponent - 1075;
        BigInteger denominator = BigInteger.One;

        if (binaryExponent > 0)
        {
            numerator <<= binaryExponent;
        }
        else
        {
            denominator <<= -binaryExponent;
        }

        if (power > 0)
        {
            numerator *= BigInteger.Pow(10, power);
        }
        else if (power < 0)
        {
            denominator *= BigInteger.Pow(10, -power);
        }

        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int comparison = (remainder * 2).CompareTo(denominator);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }

        return quotient;
    }
}

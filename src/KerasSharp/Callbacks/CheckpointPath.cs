using System.Globalization;
using System.Text;

namespace KerasSharp.Callbacks;

/// <summary>
/// Fills a checkpoint file name written with Python's named format fields, as Keras' <c>filepath.format(epoch=...,
/// **logs)</c> does: <c>"model-{epoch:02d}-{val_loss:.2f}.keras"</c>. Fields are <c>epoch</c>, <c>batch</c> and the log
/// names; specs take Python's <c>[0][width][.precision][type]</c> with types <c>d</c>, <c>f</c>, <c>e</c>, <c>g</c>,
/// <c>%</c> or none. <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
/// <remarks>Written here because .NET's composite formatting takes positions, not names, and other spec letters.</remarks>
internal static class CheckpointPath
{
    /// <summary>The file name for these values.</summary>
    /// <exception cref="ArgumentException">A field has no value, or its spec does not fit the value (Keras' message names the path).</exception>
    public static string Format(string template, IReadOnlyDictionary<string, double> values)
    {
        var result = new StringBuilder(template.Length + 16);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                result.Append('{');
                i++;
                continue;
            }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                result.Append('}');
                i++;
                continue;
            }
            if (c == '}')
            {
                throw Failure(template, "Single '}' encountered in format string");
            }
            if (c != '{')
            {
                result.Append(c);
                continue;
            }
            int end = template.IndexOf('}', i + 1);
            if (end < 0)
            {
                throw Failure(template, "Single '{' encountered in format string");
            }
            string field = template[(i + 1)..end];
            int colon = field.IndexOf(':');
            string name = colon < 0 ? field : field[..colon];
            string spec = colon < 0 ? "" : field[(colon + 1)..];
            if (!values.TryGetValue(name, out double value))
            {
                throw Failure(template, $"'{name}' is not one of the available values ({string.Join(", ", values.Keys)})");
            }
            result.Append(FormatValue(value, spec, name, template));
            i = end;
        }
        return result.ToString();
    }

    private static string FormatValue(double value, string spec, string name, string template)
    {
        var inv = CultureInfo.InvariantCulture;
        int p = 0;
        bool zero = p < spec.Length && spec[p] == '0';
        int width = 0;
        while (p < spec.Length && char.IsAsciiDigit(spec[p]))
        {
            width = checked(width * 10 + (spec[p++] - '0'));
        }
        int? precision = null;
        if (p < spec.Length && spec[p] == '.')
        {
            p++;
            int digits = 0, start = p;
            while (p < spec.Length && char.IsAsciiDigit(spec[p]))
            {
                digits = checked(digits * 10 + (spec[p++] - '0'));
            }
            if (p == start)
            {
                throw Failure(template, $"Format specifier missing precision in '{{{name}:{spec}}}'");
            }
            precision = digits;
        }
        char type = p < spec.Length ? spec[p++] : '\0';
        if (p != spec.Length)
        {
            throw Failure(template, $"Invalid format specifier '{spec}' for '{name}'");
        }
        bool integral = value == Math.Floor(value) && Math.Abs(value) < 1e15;
        string text = type switch
        {
            'd' when !integral => throw Failure(template, $"Unknown format code 'd' for object of type 'float' ('{name}' is {value.ToString("R", inv)})"),
            'd' when precision is not null => throw Failure(template, "Precision not allowed in integer format specifier"),
            'd' => ((long)value).ToString(inv),
            'f' => value.ToString("F" + (precision ?? 6), inv),
            'e' => Exponent(value, precision ?? 6),
            '%' => (value * 100).ToString("F" + (precision ?? 6), inv) + "%",
            'g' => value.ToString("G" + Math.Max(1, precision ?? 6), inv),
            '\0' when name is "epoch" or "batch" => ((long)value).ToString(inv),
            '\0' when precision is not null => value.ToString("G" + Math.Max(1, precision.Value), inv),
            '\0' => Utils.Python.Float(value),
            _ => throw Failure(template, $"Unknown format code '{type}' for '{name}'"),
        };
        if (text.Length >= width)
        {
            return text;
        }
        if (!zero)
        {
            return text.PadLeft(width);
        }
        bool negative = text.StartsWith('-');
        string digitsOnly = negative ? text[1..] : text;
        return (negative ? "-" : "") + digitsOnly.PadLeft(width - (negative ? 1 : 0), '0');
    }

    // Python's 'e': a mantissa with the given decimals, then e±XX with at least two exponent digits
    private static string Exponent(double value, int decimals)
    {
        string text = value.ToString((decimals == 0 ? "0" : "0." + new string('0', decimals)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    private static ArgumentException Failure(string template, string reason) =>
        new($"Failed to format this callback filepath: \"{template}\". Reason: {reason}");
}

using System.Globalization;

namespace KerasSharp.Utils;

/// <summary>How Keras' messages print Python values, for messages worded as Keras words them.</summary>
internal static class Python
{
    /// <summary>A list of strings as Python prints it: <c>['a', 'b']</c>.</summary>
    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(s => $"'{s}'"))}]";

    /// <summary>
    /// A float as Python's <c>repr</c>/<c>str</c> writes it (and so <c>csv.writer</c>, f-strings): the shortest digits
    /// that read back to the same double, in positional notation for decimal exponents from -4 to 15
    /// (<c>0.0001</c>, <c>1.0</c>, <c>1000000000000000.0</c>), else in scientific notation with a signed exponent of at
    /// least two digits (<c>1e-05</c>, <c>1.5e+16</c>); <c>nan</c>, <c>inf</c>, <c>-inf</c>.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        string sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "";
        if (value == 0)
        {
            return sign + "0.0";
        }
        // the shortest round-trip digits and where the decimal point goes: value = 0.DIGITS × 10^point
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        int exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int point = (dot < 0 ? mantissa.Length : dot) + exponent;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }
        digits = digits[lead..].TrimEnd('0');
        point -= lead;
        int decimalExponent = point - 1;
        if (decimalExponent is >= -4 and < 16)
        {
            string text = point <= 0 ? "0." + new string('0', -point) + digits
                : point >= digits.Length ? digits + new string('0', point - digits.Length) + ".0"
                : digits[..point] + "." + digits[point..];
            return sign + text;
        }
        string fraction = digits.Length > 1 ? "." + digits[1..] : "";
        string exponentText = Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
        return $"{sign}{digits[0]}{fraction}e{(decimalExponent < 0 ? '-' : '+')}{exponentText}";
    }
}

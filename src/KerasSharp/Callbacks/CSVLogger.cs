using System.Globalization;
using System.Text;

namespace KerasSharp.Callbacks;

/// <summary>
/// Streams every epoch's logs to a CSV file (Keras' <c>CSVLogger</c>). The columns are <c>epoch</c> (zero-based),
/// then the first epoch's log names sorted; when that epoch has no <c>val_</c> values, a <c>val_</c> column per name
/// follows (as Keras does, for validation that runs only on some epochs), and a missing value is written <c>NA</c>.
/// Numbers are written as Python writes floats (the shortest digits that read back to the same value:
/// <c>0.6931471824645996</c>, <c>1e-05</c>), fields are separated by <see cref="Separator"/> and rows end with
/// <c>\r\n</c> (Python's <c>csv</c> "excel" dialect). The header is written once; with <see cref="Append"/> a file
/// that already has content is continued without a second header. The file is flushed after every epoch and closed
/// at the end of training.
/// </summary>
/// <example>
/// <code>
/// var csvLogger = new CSVLogger("training.log");
/// model.Fit(x, y, epochs: 10, callbacks: [csvLogger]);
/// </code>
/// </example>
public sealed class CSVLogger : Callback
{
    private const string LineEnd = "\r\n";
    private StreamWriter? _file;
    private string[]? _keys;
    private bool _header = true;

    /// <summary>Creates the callback.</summary>
    /// <param name="filename">The CSV file, e.g. <c>run/log.csv</c>.</param>
    /// <param name="separator">The one-character field separator.</param>
    /// <param name="append">True: continue the file if it exists (e.g. when resuming training); false: overwrite it.</param>
    /// <exception cref="ArgumentException">The file name is empty, or the separator is not one character.</exception>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        ArgumentNullException.ThrowIfNull(separator);
        if (separator.Length != 1)
        {
            throw new ArgumentException($"\"delimiter\" must be a 1-character string. Received: separator={separator}", nameof(separator));
        }
        Filename = filename;
        Separator = separator;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Filename { get; }

    /// <summary>The field separator.</summary>
    public string Separator { get; }

    /// <summary>Whether an existing file is continued.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _file?.Dispose();
        if (Append && File.Exists(Filename))
        {
            _header = new FileInfo(Filename).Length == 0;
        }
        var stream = new FileStream(Filename, Append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        _file = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = LineEnd };
        _keys = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_file is null)
        {
            throw new InvalidOperationException("CSVLogger received an epoch end before the start of training.");
        }
        if (_keys is null)
        {
            var keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
            if (keys.Count > 0 && !keys.Any(k => k.StartsWith("val_", StringComparison.Ordinal)))
            {
                keys.AddRange([.. keys.Select(k => "val_" + k)]);
            }
            _keys = [.. keys];
            if (_header)
            {
                WriteRow(["epoch", .. _keys]);
            }
        }
        var row = new string[_keys.Length + 1];
        row[0] = epoch.ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < _keys.Length; i++)
        {
            row[i + 1] = logs.TryGetValue(_keys[i], out double v) ? Utils.Python.Float(v) : "NA";
        }
        WriteRow(row);
        _file.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        _file?.Dispose();
        _file = null;
    }

    private void WriteRow(string[] fields)
    {
        char separator = Separator[0];
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _file!.Write(separator);
            }
            _file!.Write(Quoted(fields[i], separator));
        }
        _file!.Write(LineEnd);
    }

    // the csv module's minimal quoting: a field holding the separator, a quote or a line break is quoted, quotes doubled
    private static string Quoted(string field, char separator) =>
        field.IndexOfAny([separator, '"', '\r', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using System.Collections;
using System.Globalization;
using System.Text;

namespace Stepflow.FakeServerBinary;

/// <summary>
/// Writes what the fake was started with into <c>FAKE_STEPFLOW_RECORD_DIR</c>, when set: <c>args.txt</c>,
/// <c>env.txt</c> and <c>pid</c> at start, <c>config.json</c> once the config is read. Each file is written under a
/// temporary name and then renamed, so a reader never sees half of one.
/// </summary>
internal sealed class Recorder
{
    public const string Variable = "FAKE_STEPFLOW_RECORD_DIR";

    private static readonly string[] RecordedPrefixes = ["FAKE_STEPFLOW_", "STEPFLOW_TEST_"];

    private readonly string? _directory;

    private Recorder(string? directory) => _directory = directory;

    /// <summary>A recorder for the directory in <see cref="Variable"/>, or one that records nothing.</summary>
    public static Recorder FromEnvironment()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        return new Recorder(string.IsNullOrEmpty(directory) ? null : directory);
    }

    /// <summary>Records the arguments (one a line), the recorded variables (<c>NAME=value</c> a line, sorted) and the process id.</summary>
    public void RecordStart(IReadOnlyList<string> args)
    {
        if (_directory is null)
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        Write("args.txt", Encoding.UTF8.GetBytes(string.Concat(args.Select(a => a + "\n"))));
        var variables = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: (string?)e.Value ?? string.Empty))
            .Where(e => RecordedPrefixes.Any(p => e.Name.StartsWith(p, StringComparison.Ordinal)))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        Write("env.txt", Encoding.UTF8.GetBytes(string.Concat(variables.Select(e => $"{e.Name}={e.Value}\n"))));
        Write("pid", Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Records the config exactly as received (stdin) or read (the --config file).</summary>
    public void RecordConfig(byte[] config)
    {
        if (_directory is not null)
        {
            Write("config.json", config);
        }
    }

    private void Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory!, name);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}

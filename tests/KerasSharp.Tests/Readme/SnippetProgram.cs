using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KerasSharp.Tests.Readme;

/// <summary>
/// Compiles C# code as the Program.cs of a new console project that references the KerasSharp package (the
/// project's implicit usings, nullable annotations on, the SDK's warning level) and runs it in this process.
/// </summary>
internal static class SnippetProgram
{
    // What `dotnet new console` gives a project through ImplicitUsings.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>Compiles <paramref name="code"/>; returns the assembly's bytes, or null and the errors and warnings.</summary>
    /// <param name="code">The program's source.</param>
    /// <param name="diagnostics">Every error and warning, with its 1-based line in <paramref name="code"/>.</param>
    public static byte[]? Compile(string code, out IReadOnlyList<(int Line, string Message)> diagnostics)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            $"ReadmeSnippet{Guid.NewGuid():N}",
            [CSharpSyntaxTree.ParseText(code, parse, path: "Program.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        diagnostics = result.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1,
                $"{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"))
            .ToList();
        return result.Success && diagnostics.Count == 0 ? stream.ToArray() : null;
    }

    /// <summary>
    /// Runs the program's entry point on a thread of its own, in a load context that is unloaded afterwards, and
    /// returns its exit code (0 for a Main that returns nothing); throws what the program threw, or a
    /// <see cref="TimeoutException"/> when it runs longer than <paramref name="timeout"/>.
    /// </summary>
    public static int Run(byte[] assembly, TimeSpan timeout)
    {
        var context = new AssemblyLoadContext("ReadmeSnippet", isCollectible: true);
        try
        {
            MethodInfo entryPoint = context.LoadFromStream(new MemoryStream(assembly)).EntryPoint
                ?? throw new InvalidOperationException("The compiled program has no entry point.");
            object?[] arguments = entryPoint.GetParameters().Length == 0 ? [] : [Array.Empty<string>()];
            object? returned = null;
            Exception? thrown = null;
            var thread = new Thread(() =>
            {
                try
                {
                    returned = entryPoint.Invoke(null, arguments);
                }
                catch (TargetInvocationException e)
                {
                    thrown = e.InnerException ?? e;
                }
            }) { IsBackground = true, Name = "README snippet" };
            thread.Start();
            if (!thread.Join(timeout))
            {
                throw new TimeoutException($"The program did not finish within {timeout.TotalSeconds:0} s.");
            }
            if (thrown is not null)
            {
                throw new InvalidOperationException($"The program threw {thrown.GetType().Name}: {thrown.Message}", thrown);
            }
            return returned is int code ? code : 0;
        }
        finally
        {
            context.Unload();
        }
    }

    // The framework's assemblies, KerasSharp and what KerasSharp depends on: what the package gives a console project.
    private static MetadataReference[] LoadReferences()
    {
        string frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetDirectoryName(p) == frameworkFolder)
            .ToHashSet();

        var pending = new Stack<Assembly>([typeof(Keras).Assembly]);
        var seen = new HashSet<string>();
        while (pending.TryPop(out var assembly))
        {
            if (!seen.Add(assembly.Location) || Path.GetDirectoryName(assembly.Location) == frameworkFolder)
            {
                continue;
            }
            paths.Add(assembly.Location);
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                pending.Push(Assembly.Load(name));
            }
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}

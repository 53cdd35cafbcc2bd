using System.Reflection;
using KerasSharp.Utils;

namespace KerasSharp.Tests.Utils;

/// <summary>How the console facts decide between a redrawn bar and one line per epoch, notebooks included.</summary>
public class ConsoleInfoTests
{
    [Test]
    public void IsNotebookHost_InteractiveKernelLoaded_IsTrue()
    {
        var assemblies = new[] { typeof(object).Assembly, typeof(Microsoft.DotNet.Interactive.Kernel).Assembly };
        Assert.That(ConsoleInfo.IsNotebookHost(assemblies), Is.True);
    }

    [Test]
    public void IsNotebookHost_OnlyOtherAssemblies_IsFalse()
    {
        // The formatting library alone is used outside notebooks too; only the kernel's assembly counts.
        var assemblies = new[] { typeof(object).Assembly, typeof(Keras).Assembly, typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly };
        Assert.That(ConsoleInfo.IsNotebookHost(assemblies), Is.False);
    }

    [Test]
    public void IsNotebook_InThisProcessOnceTheKernelIsLoaded_IsTrueAndNotATerminal()
    {
        Assembly kernel = typeof(Microsoft.DotNet.Interactive.Kernel).Assembly;
        Assert.That(kernel.GetName().Name, Is.EqualTo(ConsoleInfo.NotebookHostAssembly));
        Assert.Multiple(() =>
        {
            Assert.That(ConsoleInfo.IsNotebook, Is.True);
            Assert.That(ConsoleInfo.IsTerminal, Is.False);
            Assert.That(ConsoleInfo.SupportsAnsi, Is.False);
            Assert.That(ConsoleInfo.IsUtf8, Is.True);
        });
    }

    [TestCase(false, "xterm-256color", false, ExpectedResult = true)]
    [TestCase(false, null, false, ExpectedResult = true)]
    [TestCase(true, "xterm-256color", false, ExpectedResult = false)]
    [TestCase(false, "dumb", false, ExpectedResult = false)]
    [TestCase(false, "DUMB", false, ExpectedResult = false)]
    [TestCase(false, "xterm-256color", true, ExpectedResult = false)]
    public bool IsTerminalFor_Facts_DecidesTheDynamicBar(bool redirected, string? term, bool notebook) =>
        ConsoleInfo.IsTerminalFor(redirected, term, notebook);
}

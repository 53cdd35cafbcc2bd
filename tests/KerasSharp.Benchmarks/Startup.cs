using System.Diagnostics;

namespace KerasSharp.Benchmarks;

/// <summary>
/// Process start-up figures: from the process's start (as the OS records it, 10 ms granularity on Linux) to
/// <c>Main</c>, and to the first training step.
/// </summary>
public static class Startup
{
    private static long s_mainTimestamp;
    private static double s_processToMainMs = double.NaN;
    private static bool s_firstStepReported;

    /// <summary>Call first thing in Main.</summary>
    public static void MarkMain()
    {
        s_mainTimestamp = Stopwatch.GetTimestamp();
        try
        {
            var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
            s_processToMainMs = (DateTime.UtcNow - started).TotalMilliseconds;
        }
        catch (InvalidOperationException)
        {
            // no start time on this platform: only the in-process figures are reported
        }
        catch (NotSupportedException)
        {
        }
    }

    /// <summary>Reports the time from process start to Main.</summary>
    public static void ReportMain(Reporter report)
    {
        report.Emit("startup", "startup_to_main_ms", s_processToMainMs, "ms",
            Reporter.Extra(("note", "OS process start time to Main; 10 ms granularity")));
    }

    /// <summary>Reports the time from process start (and from Main) to the first training step, once per process.</summary>
    public static void ReportFirstStep(Reporter report, string workload)
    {
        long first = Workloads.EpochProbe.FirstStepTimestamp;
        if (s_firstStepReported || first == 0)
        {
            return;
        }
        s_firstStepReported = true;
        double mainToStep = Stopwatch.GetElapsedTime(s_mainTimestamp, first).TotalMilliseconds;
        report.Emit(workload, "startup_to_first_step_ms", s_processToMainMs + mainToStep, "ms",
            Reporter.Extra(("main_to_first_step_ms", mainToStep), ("process_to_main_ms", s_processToMainMs)));
    }
}

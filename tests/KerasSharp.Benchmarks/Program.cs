using KerasSharp.Benchmarks;
using KerasSharp.Benchmarks.Micro;
using KerasSharp.Benchmarks.Workloads;

Startup.MarkMain();

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
if (options.Micro)
{
    MicroRunner.Run(options.MicroArgs);
    return 0;
}

var report = new Reporter(options.Json, options.Run, Console.Out);
string[] workloads = options.Workload == "all" ? BenchOptions.AllWorkloads : [options.Workload];
report.Note($"KerasSharp.Benchmarks {string.Join(",", workloads)} run={options.Run} .NET {Environment.Version} " +
    $"cores={Environment.ProcessorCount} loadavg={Machine.LoadAverage()} {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
int exitCode = 0;
foreach (string workload in workloads)
{
    try
    {
        switch (workload)
        {
            case "seed": SeedWorkload.Run(options, report); break;
            case "mlp": MlpWorkload.Run(options, report); break;
            case "mlp_functional": MlpFunctionalWorkload.Run(options, report); break;
            case "cnn": CnnWorkload.Run(options, report); break;
            case "sgemm": SgemmWorkload.Run(options, report); break;
            case "saving": SavingWorkload.Run(options, report); break;
        }
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"{workload}: {e}");
        report.Error(workload, $"{e.GetType().Name}: {e.Message}");
        exitCode = 1;
    }
}
Startup.ReportMain(report);
return exitCode;

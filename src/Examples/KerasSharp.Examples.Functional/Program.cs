using KerasSharp;
using KerasSharp.Examples.Functional;

// A Functional model with two inputs (a ticket's title and tags) and two outputs (its priority and department),
// trained on synthetic tickets. Exit code 0 when both heads reach 90% accuracy on new tickets.
Keras.SetRandomSeed(42);
var result = TicketTriage.Run(train: 4000, test: 1000, epochs: 10, verbose: 1, Console.Out);
Console.WriteLine();
Console.WriteLine($"Priority accuracy on 1000 new tickets:   {result.PriorityAccuracy:P1}");
Console.WriteLine($"Department accuracy on 1000 new tickets: {result.DepartmentAccuracy:P1}");
return result.PriorityAccuracy >= 0.9 && result.DepartmentAccuracy >= 0.9 ? 0 : 1;

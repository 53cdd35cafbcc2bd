using KerasSharp;
using KerasSharp.Examples.Parity;

// Runs the classic Keras beginner example (is this 8-bit number odd?) and then true 8-bit parity.
// Exit code 0 only when both are right.
Keras.SetRandomSeed(42);

Console.WriteLine("== Odd or even: Dense(1, sigmoid) on the numbers 0..15 ==");
var oddEven = OddEvenClassifier.Run(verbose: 1, Console.Out);
Console.WriteLine(oddEven.Correct ? "Odd/even classifier: correct (1 and 0)." : "Odd/even classifier: WRONG.");

Console.WriteLine();
Console.WriteLine("== 8-bit parity: XOR of all eight bits, 256 inputs, one hidden layer ==");
var parity = EightBitParity.Run(maxEpochs: 2000, Console.Out);

return oddEven.Correct && parity.Epoch is not null && parity.Accuracy >= 1.0 ? 0 : 1;

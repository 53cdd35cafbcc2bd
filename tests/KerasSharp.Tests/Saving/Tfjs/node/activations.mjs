// TF.js side of the activation cross-checks, on the pure-JavaScript cpu backend.
//
//   node activations.mjs <x1,x2,...>
//       applies TF.js' activations (tf.layers.activation) and activation layers (elu, leakyReLU, thresholdedReLU,
//       prelu with fixed slopes) to the points, and prints one JSON object: for each case, its values and the
//       gradient of their sum with respect to the points (null where TF.js has none), as the last line of stdout.
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');

const points = process.argv[2].split(',').map(Number);

// PReLU's slopes for inputs of shape (n/4, 4): one per column
const preluAlpha = [0.1, -0.2, 0.3, 0.5];

const cases = {};
for (const name of ['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new']) {
  cases[name] = { layer: tf.layers.activation({ activation: name }), shape: [points.length] };
}
// TF.js' ELU layer takes only alpha = 1
cases['ELU(alpha=1)'] = { layer: tf.layers.elu({ alpha: 1 }), shape: [points.length] };
cases['LeakyReLU(alpha=0.1)'] = { layer: tf.layers.leakyReLU({ alpha: 0.1 }), shape: [points.length] };
cases['ThresholdedReLU(theta=0.7)'] = { layer: tf.layers.thresholdedReLU({ theta: 0.7 }), shape: [points.length] };
const prelu = tf.layers.prelu({ inputShape: [4] });
prelu.build([null, 4]);
prelu.setWeights([tf.tensor1d(preluAlpha)]);
cases['PReLU(alpha=[0.1, -0.2, 0.3, 0.5])'] = { layer: prelu, shape: [points.length / 4, 4] };

const result = {};
for (const [name, { layer, shape }] of Object.entries(cases)) {
  const x = tf.tensor(points, shape);
  const values = layer.apply(x);
  // TF.js has no gradient for thresholdedReLU (its Greater op has none): null there
  let grads = null;
  try {
    grads = Array.from(tf.grad(v => layer.apply(v).sum())(x).dataSync());
  } catch {
    grads = null;
  }
  result[name] = { values: Array.from(values.dataSync()), grads };
}
process.stdout.write('\n' + JSON.stringify(result) + '\n');

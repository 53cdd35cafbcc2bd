// TF.js side of the optimizer cross-checks, on the pure-JavaScript cpu backend.
//
//   node optimizers.mjs '<json>'
//       json: {"optimizer": "adamax" | "adadelta", "args": [...constructor arguments...],
//              "weights": [...], "gradients": [[...], ...]}
//       applies the gradients in order to one float32 variable with tf.train.<optimizer>(...args) and prints the
//       final weights as a JSON array
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');

const spec = JSON.parse(process.argv[2]);
const factories = {
  adamax: (...a) => tf.train.adamax(...a),
  adadelta: (...a) => tf.train.adadelta(...a),
};
const factory = factories[spec.optimizer];
if (!factory) {
  throw new Error(`unknown optimizer ${spec.optimizer}`);
}
const optimizer = factory(...spec.args);
const w = tf.variable(tf.tensor1d(spec.weights, 'float32'), true, 'w');
for (const g of spec.gradients) {
  optimizer.applyGradients({ w: tf.tensor1d(g, 'float32') });
}
process.stdout.write(JSON.stringify(Array.from(w.dataSync())));

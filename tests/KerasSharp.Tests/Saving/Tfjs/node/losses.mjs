// TF.js side of the loss cross-checks, on the pure-JavaScript cpu backend.
//
//   node losses.mjs '<cases.json>'
//       cases: [{"loss": "<TF.js loss name>", "yTrue": {"shape": [n, d], "data": [...]}, "yPred": {...}}, ...]
//       prints a JSON list with, for each case, the loss TF.js' model.evaluate reports: the mean over the samples of
//       the per-sample losses (Keras' sum_over_batch_size). The model is the identity (a linear Activation layer),
//       so its output is yPred itself.
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');

const cases = JSON.parse(process.argv[2]);
const results = [];
for (const c of cases) {
  const yPred = tf.tensor(c.yPred.data, c.yPred.shape);
  const yTrue = tf.tensor(c.yTrue.data, c.yTrue.shape);
  const model = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [c.yPred.shape[1]] })] });
  model.compile({ optimizer: 'sgd', loss: c.loss });
  const loss = model.evaluate(yPred, yTrue, { batchSize: c.yPred.shape[0] });
  results.push((await loss.data())[0]);
}
console.log(JSON.stringify(results));

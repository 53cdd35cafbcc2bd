// The TF.js side of the metric cross-checks (MetricsTfjsTests): computes TF.js 4.22's metric functions on the
// tensors given as JSON in argv[2] and prints one JSON object of batch means.
//
// Input: {"binary": {"yTrue", "yPred", "shape"}, "regression": {...}, "categorical": {...}, "sparse": {"yTrue",
// "yPred", "shape"}}; every "yTrue"/"yPred" is a flat array, "shape" the shape of yPred (yTrue has it too, except
// for "sparse", whose yTrue is one class id per row).
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');

const input = JSON.parse(process.argv[2]);
const pair = (c, trueShape) => [tf.tensor(c.yTrue, trueShape ?? c.shape), tf.tensor(c.yPred, c.shape)];
const mean = (t) => tf.mean(t).dataSync()[0];

const [bt, bp] = pair(input.binary);
const rounded = tf.cast(tf.greater(bp, 0.5), 'float32');
const [rt, rp] = pair(input.regression);
const [ct, cp] = pair(input.categorical);
const s = input.sparse;
const st = tf.tensor(s.yTrue, [s.shape[0]]);
const sp = tf.tensor(s.yPred, s.shape);

const out = {
  precision: mean(tf.metrics.precision(bt, rounded)),
  recall: mean(tf.metrics.recall(bt, rounded)),
  binaryAccuracy: mean(tf.metrics.binaryAccuracy(bt, bp)),
  binaryCrossentropy: mean(tf.metrics.binaryCrossentropy(bt, bp)),
  r2Score: mean(tf.metrics.r2Score(rt, rp)),
  meanAbsolutePercentageError: mean(tf.metrics.meanAbsolutePercentageError(rt, rp)),
  meanSquaredError: mean(tf.metrics.meanSquaredError(rt, rp)),
  meanAbsoluteError: mean(tf.metrics.meanAbsoluteError(rt, rp)),
  cosineProximity: mean(tf.metrics.cosineProximity(ct, cp)),
  categoricalAccuracy: mean(tf.metrics.categoricalAccuracy(ct, cp)),
  categoricalCrossentropy: mean(tf.metrics.categoricalCrossentropy(ct, cp)),
  sparseCategoricalAccuracy: mean(tf.metrics.sparseCategoricalAccuracy(st, sp)),
};
// The last line of stdout (TF.js may print a banner before it).
process.stdout.write('\n' + JSON.stringify(out) + '\n');

// Generates tests/KerasSharp.Tests/Parity/tfjs-reference.json: reference numbers from TF.js (the JavaScript port of
// Keras, pure-JS `cpu` backend) for KerasSharp's parity tests (tests/KerasSharp.Tests/Parity/TfjsParityTests.cs).
//
// Everything is deterministic: every weight and every input is written out below (no random initializer is ever
// used, since seeds do not carry across frameworks). Numbers are written as the exact float32 values TF.js holds,
// printed as the shortest JavaScript double that round-trips, so no precision is lost.
//
// Run: npm ci && node generate.mjs

import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const outPath = resolve(here, '../KerasSharp.Tests/Parity/tfjs-reference.json');

await tf.setBackend('cpu');
await tf.ready();
if (tf.getBackend() !== 'cpu') {
  throw new Error(`expected the cpu backend, got ${tf.getBackend()}`);
}
const EPSILON = tf.backend().epsilon();
if (Math.abs(EPSILON - 1e-7) > 1e-12) {
  throw new Error(`expected backend epsilon 1e-7 (Keras' default), got ${EPSILON}`);
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

/** {shape, data} with data flattened row-major, as float32 values. */
function enc(t) {
  return { shape: t.shape.slice(), data: Array.from(t.dataSync()) };
}

/** float32 rounding of a nested JS array, then {shape, data}. */
function encArray(arr) {
  return tf.tidy(() => enc(tf.tensor(arr, undefined, 'float32')));
}

function scalarValue(t) {
  return t.dataSync()[0];
}

// ---------------------------------------------------------------------------------------------------------------
// a. activations: forward values and gradients of sum(w ⊙ f(x)) with respect to x

const activationX = [-5, -3, -2.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2.5, 3, 5];
const activationW = [0.3, -0.7, 1.1, 0.5, -1.3, 0.9, 0.2, -0.4, 1.7, 0.6, -0.8, 1.2, 0.25];
// TF.js activation identifiers (tf.layers.activation({activation})) recorded.
const activationNames = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'swish',
  'gelu', 'gelu_new', 'hardSigmoid'];

function activationCase(name, xArr, wArr) {
  const layer = tf.layers.activation({ activation: name });
  return tf.tidy(() => {
    const x = tf.tensor(xArr, undefined, 'float32');
    const w = tf.tensor(wArr, undefined, 'float32');
    const y = layer.apply(x);
    const g = tf.grad((xx) => tf.sum(tf.mul(w, layer.apply(xx))))(x);
    return { values: enc(y), gradient: enc(g) };
  });
}

const activations = {
  x: encArray(activationX),
  upstream: encArray(activationW),
  functions: {},
};
for (const name of activationNames) {
  activations.functions[name] = activationCase(name, activationX, activationW);
}
const softmaxX = [[1, 2, 3, 4], [-1, 0.5, 0.25, -2], [1000, 1000, 0, -1000]];
const softmaxW = [[0.5, -1, 2, 0.25], [1.5, 0.3, -0.7, 1], [1, -1, 0.5, 2]];
activations.softmax = { x: encArray(softmaxX), upstream: encArray(softmaxW), ...activationCase('softmax', softmaxX, softmaxW) };

// ---------------------------------------------------------------------------------------------------------------
// b. losses: per-sample values (tf.metrics.* = tfjs-layers' Keras loss functions), the reduced loss TF.js training
// uses (a linear model compiled with the loss string, evaluated), and the gradient of the reduced loss w.r.t. y_pred.

/** The loss TF.js reports for `loss: lossString` when the model's output is exactly y_pred. */
function evaluateWithLossString(lossString, yTrue, yPred) {
  const model = tf.sequential();
  model.add(tf.layers.activation({ activation: 'linear', inputShape: [yPred.shape[1]] }));
  model.compile({ optimizer: tf.train.sgd(0), loss: lossString });
  const out = model.evaluate(yPred, yTrue, { batchSize: yPred.shape[0], verbose: 0 });
  const v = scalarValue(out);
  out.dispose();
  model.dispose();
  return v;
}

// TF.js' sparseCategoricalCrossentropy (tfjs-layers losses.ts) is not exported as a function: it clips y_pred to
// [ε, 1−ε], one-hot encodes the labels and calls categoricalCrossentropy. That is rebuilt here from exported ops
// for the per-sample values and the gradient, and checked against the loss string's evaluate() below.
function sparseCce(yTrue, yPred) {
  const labels = tf.cast(tf.floor(tf.reshape(yTrue, [-1])), 'int32');
  const clipped = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
  const oneHot = tf.oneHot(labels, yPred.shape[yPred.shape.length - 1]);
  return tf.metrics.categoricalCrossentropy(oneHot, clipped);
}

const lossFunctions = {
  binaryCrossentropy: { keras: 'binary_crossentropy', fn: (t, p) => tf.metrics.binaryCrossentropy(t, p) },
  categoricalCrossentropy: { keras: 'categorical_crossentropy', fn: (t, p) => tf.metrics.categoricalCrossentropy(t, p) },
  sparseCategoricalCrossentropy: { keras: 'sparse_categorical_crossentropy', fn: sparseCce },
  meanSquaredError: { keras: 'mean_squared_error', fn: (t, p) => tf.metrics.meanSquaredError(t, p) },
  meanAbsoluteError: { keras: 'mean_absolute_error', fn: (t, p) => tf.metrics.meanAbsoluteError(t, p) },
};

const lossCases = [
  {
    name: 'bce_hard_labels', loss: 'binaryCrossentropy',
    yTrue: [[0, 1], [1, 0], [1, 1], [0, 0]],
    yPred: [[0.1, 0.8], [0.7, 0.4], [0.95, 0.6], [0.3, 0.05]],
  },
  {
    name: 'bce_soft_labels', loss: 'binaryCrossentropy',
    yTrue: [[0.2, 0.9, 0.5], [0.0, 0.35, 1.0]],
    yPred: [[0.25, 0.6, 0.5], [0.9, 0.33, 0.12]],
  },
  {
    name: 'bce_clip_boundary', loss: 'binaryCrossentropy', clipBoundary: true,
    yTrue: [[1, 0], [0, 1], [1, 0]],
    yPred: [[0, 1], [1e-9, 0.5], [1, 1e-3]],
  },
  {
    name: 'cce_one_hot', loss: 'categoricalCrossentropy',
    yTrue: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]],
    yPred: [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.8, 0.15, 0.05]],
  },
  {
    name: 'cce_unnormalized_soft_labels', loss: 'categoricalCrossentropy',
    yTrue: [[0.1, 0.8, 0.1], [0.5, 0.0, 0.5], [0.0, 0.3, 0.7]],
    yPred: [[0.5, 0.9, 0.2], [0.2, 0.2, 0.2], [0.05, 0.4, 1.3]],
  },
  {
    name: 'sparse_cce', loss: 'sparseCategoricalCrossentropy',
    yTrue: [[0], [2], [1], [2]],
    yPred: [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.05, 0.15, 0.8]],
  },
  {
    name: 'mse', loss: 'meanSquaredError',
    yTrue: [[1.0, -2.0, 0.5], [0.0, 3.0, -1.5], [2.5, 0.25, 1.0], [-0.75, 1.5, 4.0]],
    yPred: [[0.8, -1.5, 0.25], [0.3, 2.2, -1.0], [2.0, 0.5, 1.75], [-1.0, 1.0, 3.2]],
  },
  {
    name: 'mae', loss: 'meanAbsoluteError',
    yTrue: [[1.0, -2.0, 0.5], [0.0, 3.0, -1.5], [2.5, 0.25, 1.0], [-0.75, 1.5, 4.0]],
    yPred: [[0.8, -1.5, 0.25], [0.3, 2.2, -1.0], [2.0, 0.5, 1.75], [-1.0, 1.0, 3.2]],
  },
];

const losses = lossCases.map((c) => {
  const spec = lossFunctions[c.loss];
  return tf.tidy(() => {
    const yTrue = tf.tensor(c.yTrue, undefined, 'float32');
    const yPred = tf.tensor(c.yPred, undefined, 'float32');
    const perSample = spec.fn(yTrue, yPred);
    const value = scalarValue(tf.mean(perSample));
    const gradient = tf.grad((p) => tf.mean(spec.fn(yTrue, p)))(yPred);
    const modelValue = evaluateWithLossString(c.loss, yTrue, yPred);
    if (Math.abs(modelValue - value) > 1e-6 * Math.max(1, Math.abs(value))) {
      throw new Error(`${c.name}: evaluate() gave ${modelValue}, the loss function ${value}`);
    }
    return {
      name: c.name,
      tfjsLoss: c.loss,
      kerasLoss: spec.keras,
      clipBoundary: c.clipBoundary === true,
      yTrue: enc(yTrue),
      yPred: enc(yPred),
      perSample: enc(perSample),
      value,
      modelValue,
      gradient: enc(gradient),
    };
  });
});

// ---------------------------------------------------------------------------------------------------------------
// d. metrics

const metricCases = [
  {
    name: 'binary_accuracy', metric: 'binaryAccuracy', keras: 'binary_accuracy',
    // 0.5 exactly counts as class 0 (strict `>`), in TF.js and in Keras.
    yTrue: [[1, 0], [0, 0], [1, 1], [0, 1], [1, 0]],
    yPred: [[0.7, 0.2], [0.5, 0.51], [0.9, 0.49], [0.1, 0.8], [0.5, 0.0]],
  },
  {
    name: 'categorical_accuracy', metric: 'categoricalAccuracy', keras: 'categorical_accuracy',
    // row 4 is a tie between classes 0 and 1: argmax picks the first (class 0).
    yTrue: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]],
    yPred: [[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2], [0.45, 0.45, 0.1]],
  },
  {
    name: 'sparse_categorical_accuracy', metric: 'sparseCategoricalAccuracy', keras: 'sparse_categorical_accuracy',
    yTrue: [[0], [1], [2], [1], [0]],
    yPred: [[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2], [0.45, 0.45, 0.1]],
  },
];

const metrics = metricCases.map((c) => tf.tidy(() => {
  const yTrue = tf.tensor(c.yTrue, undefined, 'float32');
  const yPred = tf.tensor(c.yPred, undefined, 'float32');
  const perSample = tf.metrics[c.metric](yTrue, yPred);
  return {
    name: c.name, tfjsMetric: c.metric, kerasMetric: c.keras,
    yTrue: enc(yTrue), yPred: enc(yPred), perSample: enc(perSample), value: scalarValue(tf.mean(perSample)),
  };
}));

// ---------------------------------------------------------------------------------------------------------------
// c. training trajectories

/**
 * Adam exactly as Keras 3 writes it (keras/src/optimizers/adam.py), in float32 TF.js ops:
 *   α = lr·sqrt(1−β2ᵗ)/(1−β1ᵗ); m += (g−m)(1−β1); v += (g²−v)(1−β2); w −= m·α/(sqrt(v)+ε)
 * TF.js' own Adam adds ε to sqrt(v/(1−β2ᵗ)) instead (ε on the bias-corrected second moment); both are recorded.
 */
class KerasFormulaAdam extends tf.Optimizer {
  constructor(learningRate, beta1, beta2, epsilon) {
    super();
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.step = 0;
    this.m = new Map();
    this.v = new Map();
  }

  static get className() {
    return 'KerasFormulaAdam';
  }

  applyGradients(variableGradients) {
    const items = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const localStep = this.step + 1;
    tf.tidy(() => {
      const b1Power = tf.pow(tf.scalar(this.beta1), tf.scalar(localStep));
      const b2Power = tf.pow(tf.scalar(this.beta2), tf.scalar(localStep));
      const alpha = tf.div(tf.mul(tf.scalar(this.learningRate), tf.sqrt(tf.sub(1, b2Power))), tf.sub(1, b1Power));
      for (const { name, tensor: g } of items) {
        if (g == null) {
          continue;
        }
        const value = tf.engine().registeredVariables[name];
        if (!this.m.has(name)) {
          this.m.set(name, tf.variable(tf.zerosLike(value), false));
          this.v.set(name, tf.variable(tf.zerosLike(value), false));
        }
        const m = this.m.get(name);
        const v = this.v.get(name);
        m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1)));
        v.assign(tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2)));
        value.assign(tf.sub(value, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), this.epsilon))));
      }
    });
    this.step = localStep;
    this.incrementIterations();
  }

  getConfig() {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** Builds a TF.js optimizer from a JSON-able description (also written to the fixture for the C# side). */
function makeOptimizer(o) {
  switch (o.type) {
    case 'sgd': return tf.train.sgd(o.learningRate);
    case 'momentum': return tf.train.momentum(o.learningRate, o.momentum, o.nesterov);
    case 'rmsprop': return tf.train.rmsprop(o.learningRate, o.rho, o.momentum, o.epsilon, false);
    case 'adagrad': {
      // TF.js' Adagrad takes its ε from the backend (1e-7 on cpu, checked above) and has no argument for it.
      if (o.epsilon !== EPSILON) throw new Error('adagrad epsilon must equal the backend epsilon');
      return tf.train.adagrad(o.learningRate, o.initialAccumulatorValue);
    }
    case 'adam': return tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    case 'keras_adam': return new KerasFormulaAdam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    default: throw new Error(`unknown optimizer ${o.type}`);
  }
}

const optimizers = {
  sgd: { type: 'sgd', learningRate: 0.1 },
  sgd_momentum: { type: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false },
  sgd_nesterov: { type: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true },
  rmsprop: { type: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  rmsprop_momentum: { type: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7 },
  adagrad: { type: 'adagrad', learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: 1e-7 },
  adam: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  keras_adam: { type: 'keras_adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
};

// 8 samples, 2 features.
const trainX = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.2, 0.2], [-1.2, -0.4], [0.9, -0.6], [-0.3, 1.1], [1.0, 1.0]];
const binaryY = [[1], [1], [0], [1], [0], [1], [0], [0]];
const classY = [0, 1, 2, 1, 0, 1, 2, 0];
const oneHotY = classY.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
const sparseY = classY.map((c) => [c]);
const regressionY = [[0.3], [1.2], [-0.4], [0.5], [-1.1], [0.8], [-0.2], [1.5]];

const hiddenKernel = [[0.4, -0.3, 0.6], [-0.5, 0.7, 0.2]];
const hiddenBias = [0.1, 0.0, -0.1];

const architectures = {
  binary: {
    layers: [{ units: 3, activation: 'relu' }, { units: 1, activation: 'sigmoid' }],
    weights: [hiddenKernel, hiddenBias, [[0.8], [-0.6], [0.5]], [0.05]],
    loss: 'binaryCrossentropy', kerasLoss: 'binary_crossentropy', y: binaryY,
  },
  softmax: {
    layers: [{ units: 3, activation: 'relu' }, { units: 3, activation: 'softmax' }],
    weights: [hiddenKernel, hiddenBias, [[0.3, -0.2, 0.5], [0.1, 0.4, -0.6], [-0.5, 0.2, 0.3]], [0.0, 0.1, -0.1]],
    loss: 'categoricalCrossentropy', kerasLoss: 'categorical_crossentropy', y: oneHotY,
  },
  sparse: {
    layers: [{ units: 3, activation: 'relu' }, { units: 3, activation: 'softmax' }],
    weights: [hiddenKernel, hiddenBias, [[0.3, -0.2, 0.5], [0.1, 0.4, -0.6], [-0.5, 0.2, 0.3]], [0.0, 0.1, -0.1]],
    loss: 'sparseCategoricalCrossentropy', kerasLoss: 'sparse_categorical_crossentropy', y: sparseY,
  },
  regression_mse: {
    layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'linear' }],
    weights: [hiddenKernel, hiddenBias, [[0.7], [-0.4], [0.9]], [0.1]],
    loss: 'meanSquaredError', kerasLoss: 'mean_squared_error', y: regressionY,
  },
  regression_mae: {
    layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'linear' }],
    weights: [hiddenKernel, hiddenBias, [[0.7], [-0.4], [0.9]], [0.1]],
    loss: 'meanAbsoluteError', kerasLoss: 'mean_absolute_error', y: regressionY,
  },
};

const scenarios = [];
for (const opt of Object.keys(optimizers)) {
  scenarios.push({ name: `binary_${opt}`, architecture: 'binary', optimizer: opt, batchSize: 4, metrics: true });
  scenarios.push({ name: `softmax_${opt}`, architecture: 'softmax', optimizer: opt, batchSize: 4, metrics: true });
}
for (const opt of ['sgd', 'adam', 'keras_adam']) {
  scenarios.push({ name: `sparse_${opt}`, architecture: 'sparse', optimizer: opt, batchSize: 4, metrics: true });
  scenarios.push({ name: `regression_mse_${opt}`, architecture: 'regression_mse', optimizer: opt, batchSize: 4, metrics: false });
}
scenarios.push({ name: 'regression_mae_sgd', architecture: 'regression_mae', optimizer: 'sgd', batchSize: 4, metrics: false });
// 8 samples in batches of 3, 3, 2: the epoch loss is the batch-size-weighted mean of the batch losses.
scenarios.push({ name: 'binary_sgd_batch3', architecture: 'binary', optimizer: 'sgd', batchSize: 3, metrics: true });
scenarios.push({ name: 'softmax_adam_batch3', architecture: 'softmax', optimizer: 'keras_adam', batchSize: 3, metrics: true });

const EPOCHS = 3;
// trainOnBatch: rows [start, end) per step, on a fresh model with the same initial weights.
const TRAIN_ON_BATCH_STEPS = [[0, 4], [4, 8], [0, 4], [4, 8], [2, 6]];

function buildModel(arch) {
  const model = tf.sequential();
  arch.layers.forEach((l, i) => {
    const cfg = { units: l.units, activation: l.activation };
    if (i === 0) cfg.inputShape = [trainX[0].length];
    model.add(tf.layers.dense(cfg));
  });
  const weights = arch.weights.map((w) => tf.tensor(w, undefined, 'float32'));
  model.setWeights(weights);
  weights.forEach((w) => w.dispose());
  return model;
}

function compile(model, arch, scenario) {
  model.compile({
    optimizer: makeOptimizer(optimizers[scenario.optimizer]),
    loss: arch.loss,
    metrics: scenario.metrics ? ['accuracy'] : [],
  });
}

function weightsOf(model) {
  return model.getWeights().map((w) => enc(w));
}

async function runScenario(scenario) {
  const arch = architectures[scenario.architecture];
  const x = tf.tensor(trainX, undefined, 'float32');
  const y = tf.tensor(arch.y, undefined, 'float32');

  // Gradients of the first batch's loss at the initial weights (what the first optimizer step receives).
  const gradModel = buildModel(arch);
  compile(gradModel, arch, scenario);
  const lossFn = arch.loss === 'sparseCategoricalCrossentropy' ? sparseCce : lossFunctions[arch.loss].fn;
  const firstBatch = scenario.batchSize;
  const { value: firstLoss, grads } = tf.variableGrads(() => {
    const xb = tf.slice(x, [0, 0], [firstBatch, -1]);
    const yb = tf.slice(y, [0, 0], [firstBatch, -1]);
    return tf.mean(lossFn(yb, gradModel.apply(xb, { training: true })));
  }, gradModel.trainableWeights.map((w) => w.read()));
  const initialGradients = gradModel.trainableWeights.map((w) => enc(grads[w.read().name]));
  const firstBatchLoss = scalarValue(firstLoss);
  tf.dispose([firstLoss, ...Object.values(grads)]);
  gradModel.dispose();

  // fit
  const model = buildModel(arch);
  compile(model, arch, scenario);
  const initialWeights = weightsOf(model);
  const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: scenario.batchSize, shuffle: false, verbose: 0 });
  const predictions = tf.tidy(() => enc(model.predict(x)));
  const finalWeights = weightsOf(model);
  model.dispose();

  // trainOnBatch
  const stepModel = buildModel(arch);
  compile(stepModel, arch, scenario);
  const stepLosses = [];
  const stepAccuracies = [];
  for (const [start, end] of TRAIN_ON_BATCH_STEPS) {
    const xb = tf.slice(x, [start, 0], [end - start, -1]);
    const yb = tf.slice(y, [start, 0], [end - start, -1]);
    const out = await stepModel.trainOnBatch(xb, yb);
    if (Array.isArray(out)) {
      stepLosses.push(out[0]);
      stepAccuracies.push(out[1]);
    } else {
      stepLosses.push(out);
    }
    tf.dispose([xb, yb]);
  }
  const stepWeights = weightsOf(stepModel);
  stepModel.dispose();

  const result = {
    name: scenario.name,
    architecture: scenario.architecture,
    layers: arch.layers,
    tfjsLoss: arch.loss,
    kerasLoss: arch.kerasLoss,
    metrics: scenario.metrics ? ['accuracy'] : [],
    optimizer: { name: scenario.optimizer, ...optimizers[scenario.optimizer] },
    epochs: EPOCHS,
    batchSize: scenario.batchSize,
    x: enc(x),
    y: enc(y),
    initialWeights,
    firstBatchLoss,
    initialGradients,
    history: Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v.map(Number)])),
    finalWeights,
    predictions,
    trainOnBatch: {
      steps: TRAIN_ON_BATCH_STEPS,
      losses: stepLosses,
      accuracies: stepAccuracies,
      finalWeights: stepWeights,
    },
  };
  tf.dispose([x, y]);
  return result;
}

const training = [];
for (const s of scenarios) {
  training.push(await runScenario(s));
}

// ---------------------------------------------------------------------------------------------------------------
// e. merge layers: values of tf.layers.{add, multiply, average, maximum, minimum, concatenate, dot} applied to fixed
// inputs, and the gradients of sum(upstream ⊙ layer(inputs)) with respect to every input. TF.js has no subtract layer.

/** Fixed values from the LCG v ← v·16807 mod (2³¹ − 1), each mapped by `value`. */
function lcgTensor(seed, shape, value) {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = [];
  let v = seed;
  for (let i = 0; i < n; i++) {
    v = (v * 16807) % 2147483647;
    values.push(value(v));
  }
  return tf.tensor(values, shape, 'float32');
}

/** Values in [-1, 1) on a grid of eighths, so sums and products are exact and maximum/minimum have ties. */
const grid = (seed, shape) => lcgTensor(seed, shape, (v) => ((v % 16) - 8) / 8);

/** Values in [-1, 1) with three decimals (no ties), for the dot products. */
const fine = (seed, shape) => lcgTensor(seed, shape, (v) => ((v % 2000) - 1000) / 1000);

function mergeCase(name, layerName, makeLayer, inputs, config) {
  return tf.tidy(() => {
    const layer = makeLayer();
    const y = layer.apply(inputs);
    const upstream = fine(97, y.shape);
    const grads = tf.grads((...xs) => tf.sum(tf.mul(upstream, layer.apply(xs))))(inputs);
    return { name, layer: layerName, config, inputs: inputs.map(enc), upstream: enc(upstream), values: enc(y), gradients: grads.map(enc) };
  });
}

const mergeInputs = {
  same: () => [grid(11, [2, 3, 4]), grid(12, [2, 3, 4]), grid(13, [2, 3, 4])],
  broadcast: () => [grid(14, [2, 3, 4]), grid(15, [2, 1, 4]), grid(16, [2, 3, 1])],
  ranks: () => [grid(17, [2, 3, 4]), grid(18, [2, 4])],
};
const elementwise = { add: tf.layers.add, multiply: tf.layers.multiply, average: tf.layers.average, maximum: tf.layers.maximum, minimum: tf.layers.minimum };
const merging = [];
for (const [layerName, factory] of Object.entries(elementwise)) {
  for (const [inputsName, makeInputs] of Object.entries(mergeInputs)) {
    // TF.js' Maximum/Minimum gradients do not sum a broadcast operand's share back to its shape (tfjs-core
    // Maximum_grad.ts, unlike Add_grad.ts), so tf.grads fails there: those two get the same-shape inputs only.
    if (inputsName !== 'same' && (layerName === 'maximum' || layerName === 'minimum')) {
      continue;
    }
    merging.push(mergeCase(`${layerName} ${inputsName}`, layerName, () => factory({}), makeInputs(), {}));
  }
}
merging.push(mergeCase('concatenate axis -1', 'concatenate', () => tf.layers.concatenate({ axis: -1 }),
  [grid(21, [2, 3, 2]), grid(22, [2, 3, 4]), grid(23, [2, 3, 1])], { axis: -1 }));
merging.push(mergeCase('concatenate axis 1', 'concatenate', () => tf.layers.concatenate({ axis: 1 }),
  [grid(24, [2, 1, 3]), grid(25, [2, 2, 3])], { axis: 1 }));
const dotCases = [
  ['dot axes 1 rank 2', { axes: 1 }, [fine(31, [3, 4]), fine(32, [3, 4])]],
  ['dot axes -1 rank 3', { axes: -1 }, [fine(33, [2, 4, 5]), fine(34, [2, 4, 5])]],
  ['dot axes [1, 2] rank 3', { axes: [1, 2] }, [fine(35, [2, 3, 5]), fine(36, [2, 4, 3])]],
  ['dot axes [2, 1] rank 3', { axes: [2, 1] }, [fine(37, [2, 3, 4]), fine(38, [2, 4, 5])]],
  ['dot axes [1, 1] rank 2 and 3', { axes: [1, 1] }, [fine(39, [2, 3]), fine(40, [2, 3, 4])]],
  ['dot axes 1 rank 2 normalize', { axes: 1, normalize: true }, [fine(41, [3, 4]), fine(42, [3, 4])]],
  ['dot axes [1, 2] rank 3 normalize', { axes: [1, 2], normalize: true }, [fine(43, [2, 3, 5]), fine(44, [2, 4, 3])]],
];
for (const [name, args, inputs] of dotCases) {
  merging.push(mergeCase(name, 'dot', () => tf.layers.dot(args), inputs, args));
}

// ---------------------------------------------------------------------------------------------------------------
// f. a model with two inputs and two outputs: tf.model({inputs: [a, b], outputs: [p, q]}), two losses with loss weights

// TF.js' compile has no lossWeights (tfjs-layers training.ts: "TODO(cais): Add lossWeights"): each output's loss is
// written as weight · loss, so TF.js minimises Σ weight_i · loss_i as Keras does. Its per-output logs (p_loss, q_loss)
// are then the weighted losses; Keras logs the unweighted ones, so the fixture records the weights and the C# test
// divides.
const mioA = [[0.5, -1.0, 0.3], [1.5, 0.3, -0.2], [-0.7, 0.8, 0.9], [0.2, 0.2, -1.1],
  [-1.2, -0.4, 0.6], [0.9, -0.6, 0.0], [-0.3, 1.1, -0.5], [1.0, 1.0, 0.4]];
const mioB = [[0.1, 0.9], [-0.8, 0.4], [0.6, -0.3], [1.2, 0.7], [-0.5, -1.0], [0.3, 0.2], [0.9, -0.7], [-0.2, 0.5]];
const mioP = [[1], [0], [1], [1], [0], [1], [0], [0]];
const mioQClasses = [2, 0, 1, 1, 0, 2, 1, 0];
const mioQ = mioQClasses.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
const mioWeights = {
  ha: [[[0.4, -0.3, 0.6, 0.1], [-0.5, 0.7, 0.2, -0.2], [0.3, 0.1, -0.4, 0.5]], [0.1, 0.0, -0.1, 0.05]],
  hb: [[[0.2, -0.6, 0.5, 0.3], [0.7, 0.1, -0.3, -0.4]], [0.0, 0.1, 0.0, -0.05]],
  p: [[[0.8], [-0.6], [0.5], [0.3]], [0.05]],
  q: [[[0.3, -0.2, 0.5], [0.1, 0.4, -0.6], [-0.5, 0.2, 0.3], [0.2, -0.1, 0.1]], [0.0, 0.1, -0.1]],
};
const mioLossWeights = { p: 1.0, q: 0.5 };
const mioScenarios = [
  { name: 'two_inputs_two_outputs_sgd', optimizer: 'sgd' },
  { name: 'two_inputs_two_outputs_keras_adam', optimizer: 'keras_adam' },
];

function buildMultiModel(scenario) {
  const a = tf.input({ shape: [3], name: 'a' });
  const b = tf.input({ shape: [2], name: 'b' });
  const ha = tf.layers.dense({ units: 4, activation: 'tanh', name: 'ha' }).apply(a);
  const hb = tf.layers.dense({ units: 4, activation: 'tanh', name: 'hb' }).apply(b);
  const h = tf.layers.add({ name: 'h' }).apply([ha, hb]);
  const p = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'p' }).apply(h);
  const q = tf.layers.dense({ units: 3, activation: 'softmax', name: 'q' }).apply(hb);
  const model = tf.model({ inputs: [a, b], outputs: [p, q] });
  for (const [name, values] of Object.entries(mioWeights)) {
    const weights = values.map((w) => tf.tensor(w, undefined, 'float32'));
    model.getLayer(name).setWeights(weights);
    weights.forEach((w) => w.dispose());
  }
  const weighted = (fn, w) => (yTrue, yPred) => tf.mul(fn(yTrue, yPred), w);
  model.compile({
    optimizer: makeOptimizer(optimizers[scenario.optimizer]),
    loss: [weighted(tf.metrics.binaryCrossentropy, mioLossWeights.p), weighted(tf.metrics.categoricalCrossentropy, mioLossWeights.q)],
  });
  return model;
}

function layerWeights(model) {
  return Object.fromEntries(Object.keys(mioWeights).map((name) => [name, model.getLayer(name).getWeights().map(enc)]));
}

async function runMultiScenario(scenario) {
  const xa = tf.tensor(mioA, undefined, 'float32');
  const xb = tf.tensor(mioB, undefined, 'float32');
  const yp = tf.tensor(mioP, undefined, 'float32');
  const yq = tf.tensor(mioQ, undefined, 'float32');

  const model = buildMultiModel(scenario);
  const history = await model.fit([xa, xb], [yp, yq], { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
  const [pp, pq] = model.predict([xa, xb]);
  const predictions = { p: enc(pp), q: enc(pq) };
  tf.dispose([pp, pq]);
  const finalWeights = layerWeights(model);
  model.dispose();

  const stepModel = buildMultiModel(scenario);
  const steps = [];
  for (const [start, end] of TRAIN_ON_BATCH_STEPS) {
    const rows = (t) => tf.slice(t, [start, 0], [end - start, -1]);
    const batch = [rows(xa), rows(xb), rows(yp), rows(yq)];
    const [loss, pLoss, qLoss] = await stepModel.trainOnBatch([batch[0], batch[1]], [batch[2], batch[3]]);
    steps.push({ loss, weightedLosses: { p: pLoss, q: qLoss } });
    tf.dispose(batch);
  }
  const stepWeights = layerWeights(stepModel);
  stepModel.dispose();
  tf.dispose([xa, xb, yp, yq]);

  return {
    name: scenario.name,
    optimizer: { name: scenario.optimizer, ...optimizers[scenario.optimizer] },
    inputs: { a: encArray(mioA), b: encArray(mioB) },
    targets: { p: encArray(mioP), q: encArray(mioQ) },
    kerasLosses: { p: 'binary_crossentropy', q: 'categorical_crossentropy' },
    lossWeights: mioLossWeights,
    initialWeights: Object.fromEntries(Object.entries(mioWeights).map(([n, ws]) => [n, ws.map(encArray)])),
    epochs: 2,
    batchSize: 4,
    history: Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v.map(Number)])),
    finalWeights,
    predictions,
    trainOnBatch: { steps: TRAIN_ON_BATCH_STEPS, results: steps, finalWeights: stepWeights },
  };
}

const multiOutput = [];
for (const s of mioScenarios) {
  multiOutput.push(await runMultiScenario(s));
}

// ---------------------------------------------------------------------------------------------------------------

const fixture = {
  generator: {
    script: 'tests/fixtures-generator/generate.mjs',
    library: '@tensorflow/tfjs',
    version: tf.version.tfjs,
    backend: tf.getBackend(),
    epsilon: EPSILON,
    notes: [
      'Tensors are {shape, data} with data row-major float32 values.',
      'activations: values = f(x); gradient = d/dx sum(upstream * f(x)). TF.js hardSigmoid is Keras 2\'s clip(0.2x+0.5, 0, 1); Keras 3 uses relu6(x+3)/6.',
      'losses: perSample from tf.metrics.* (tfjs-layers Keras loss functions), value = mean(perSample), modelValue = evaluate() of a linear model compiled with the loss string, gradient = d value / d yPred.',
      'training: model.fit(x, y, {epochs, batchSize, shuffle: false}) history, weights after fit, and trainOnBatch losses on a fresh model. TF.js names the accuracy history key "acc"; Keras 3 names it "accuracy".',
      'multiOutput: tf.model({inputs: [a, b], outputs: [p, q]}) with Dense layers and tf.layers.add; TF.js compile has no lossWeights, so each loss is weight * loss; history and trainOnBatch report those weighted per-output losses (Keras logs unweighted ones).',
      'optimizer keras_adam: Adam written with Keras 3\'s formula (epsilon added to sqrt(v)) as a TF.js Optimizer; adam: TF.js\' own Adam (epsilon added to sqrt(v_hat)).',
      'merging: values = layer(inputs); gradients = d/d input sum(upstream * layer(inputs)), one per input. TF.js l2-normalizes (dot normalize) with sqrt(max(sum(x^2), epsilon)), Keras 3 with rsqrt(max(sum(x^2), epsilon^2)): the same away from zero norms.',
    ],
  },
  activations,
  losses,
  metrics,
  training,
  merging,
  multiOutput,
};

writeFileSync(outPath, JSON.stringify(fixture, null, 1) + '\n');
console.log(`wrote ${outPath}: ${activationNames.length + 1} activations, ${losses.length} losses, ${metrics.length} metrics, ${training.length} training scenarios, ${merging.length} merge-layer cases, ${multiOutput.length} multi-output scenarios`);

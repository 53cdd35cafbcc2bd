// TF.js side of the TF.js interop tests, on the pure-JavaScript cpu backend.
//
//   node tfjs.mjs predict <modelDir> <input.json> <output.json>
//       loads <modelDir>/model.json with tf.loadLayersModel and writes the prediction for the input
//   node tfjs.mjs save <outDir>
//       builds small models (sequential, functional, conv, recurrent) with fixed weights, saves each with model.save into <outDir>/<name>/ and writes
//       <outDir>/<name>/expected.json with an input and TF.js' prediction for it
//
// Tensors in the JSON files are {"shape": [...], "data": [...]} (row-major float32 values); a model with several
// inputs takes a list of them.
// In Node without tfjs-node, TF.js has no file:// handler, so both directions use IOHandlers written here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');

/** An IOHandler that reads model.json and its shards from a folder. */
function folderLoader(dir) {
  return {
    async load() {
      const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const weightSpecs = [];
      const buffers = [];
      for (const group of modelJson.weightsManifest) {
        for (const p of group.paths) {
          buffers.push(fs.readFileSync(path.join(dir, p)));
        }
        weightSpecs.push(...group.weights);
      }
      const joined = Buffer.concat(buffers);
      const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        trainingConfig: modelJson.trainingConfig,
        weightSpecs,
        weightData,
      };
    },
  };
}

/** An IOHandler that writes model.json and weights.bin into a folder, as tfjs-node's file:// handler lays them out. */
function folderSaver(dir) {
  return {
    async save(artifacts) {
      fs.mkdirSync(dir, {recursive: true});
      const parts = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
      fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat(parts.map(b => Buffer.from(b))));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
      };
      if (artifacts.trainingConfig != null) {
        modelJson.trainingConfig = artifacts.trainingConfig;
      }
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    },
  };
}

const toJson = t => ({shape: t.shape, data: Array.from(t.dataSync())});
const fromJson = j => tf.tensor(j.data, j.shape, 'float32');

/** Deterministic values: sin(0.37 * (i + 1) + offset) * scale. */
function fill(shape, offset, scale) {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    data[i] = Math.sin(0.37 * (i + 1) + offset) * scale;
  }
  return tf.tensor(data, shape, 'float32');
}

function setFixedWeights(model) {
  let k = 0;
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length > 0) {
      layer.setWeights(weights.map(w => {
        k++;
        // BatchNormalization's variance must stay positive
        return layer.getClassName() === 'BatchNormalization' ? fill(w.shape, k, 0.4).abs().add(0.5) : fill(w.shape, k, 0.6);
      }));
    }
  }
}

function sequentialModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 6, activation: 'relu', inputShape: [4]}));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.dropout({rate: 0.25}));
  model.add(tf.layers.dense({units: 3, activation: 'softmax'}));
  return {model, input: fill([3, 4], 0.5, 1)};
}

function functionalModel() {
  const input = tf.input({shape: [5]});
  const hidden = tf.layers.dense({units: 4, activation: 'tanh'}).apply(input);
  const a = tf.layers.dense({units: 3, activation: 'sigmoid'}).apply(hidden);
  const b = tf.layers.dense({units: 2}).apply(hidden);
  const merged = tf.layers.concatenate().apply([a, b]);
  const output = tf.layers.dense({units: 2, activation: 'softmax'}).apply(merged);
  return {model: tf.model({inputs: input, outputs: output}), input: fill([2, 5], 1.5, 1)};
}

function convModel() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2]}));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({units: 2}));
  return {model, input: fill([2, 6, 6, 2], 2.5, 1)};
}

function recurrentModel() {
  // sigmoid, not tfjs' default hard_sigmoid, which is Keras 2's (Keras 3 changed its formula)
  const model = tf.sequential();
  model.add(tf.layers.bidirectional({layer: tf.layers.lstm({units: 3, returnSequences: true, recurrentActivation: 'sigmoid'}), inputShape: [5, 2]}));
  model.add(tf.layers.timeDistributed({layer: tf.layers.dense({units: 2, activation: 'tanh'})}));
  model.add(tf.layers.gru({units: 3, recurrentActivation: 'sigmoid'}));
  return {model, input: fill([2, 5, 2], 3.5, 1)};
}

const [command, ...args] = process.argv.slice(2);
if (command === 'predict') {
  const [modelDir, inputFile, outputFile] = args;
  const model = await tf.loadLayersModel(folderLoader(modelDir));
  const json = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
  const input = Array.isArray(json) ? json.map(fromJson) : fromJson(json);
  fs.writeFileSync(outputFile, JSON.stringify(toJson(model.predict(input))));
} else if (command === 'save') {
  const [outDir] = args;
  for (const [name, build, compiled] of [['sequential', sequentialModel, true], ['functional', functionalModel, false], ['conv', convModel, false], ['recurrent', recurrentModel, false]]) {
    const {model, input} = build();
    setFixedWeights(model);
    if (compiled) {
      model.compile({optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
    }
    const dir = path.join(outDir, name);
    await model.save(folderSaver(dir), {includeOptimizer: compiled});
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify({input: toJson(input), output: toJson(model.predict(input))}));
  }
} else {
  console.error('usage: node tfjs.mjs predict <modelDir> <input.json> <output.json> | save <outDir>');
  process.exit(2);
}

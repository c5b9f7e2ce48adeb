// A layer of k = 2 recurrent neurons, one input feature (page 2), in Keras's layout:
//   y_t = φ(x_t·W_x + y_{t−1}·W_y + b),   W_x: 1×2 (kernel), W_y: 2×2 (recurrent_kernel), b: 2.
// Neuron j reads column j: y_t[j] = φ(x_t·W_x[0][j] + Σ_i y_{t−1}[i]·W_y[i][j] + b[j]).
// The same equation as rnnmath.simple_rnn; tests/test_playground.py keeps them equal.
// A classic script (see activations.js): it adds rnnPlayground.layer.
(function (ns) {
  function run({ kernel, recurrent_kernel, bias, activation: name }, xs) {
    const phi = ns.activation(name);
    const k = 2;
    const ys = [];
    let y = [0, 0]; // y_0
    for (const x of xs) {
      const next = [];
      for (let j = 0; j < k; j++) {
        let z = x * kernel[0][j] + bias[j];
        for (let i = 0; i < k; i++) z += y[i] * recurrent_kernel[i][j];
        next.push(phi(z));
      }
      y = next;
      ys.push(y);
    }
    return ys; // [y_1, …, y_T], each [y_t[0], y_t[1]]
  }

  ns.layer = { run };
})((globalThis.rnnPlayground = globalThis.rnnPlayground || {}));

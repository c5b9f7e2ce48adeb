// The recurrent neuron (page 1):  y_t = φ(w_x·x_t + w_y·y_{t−1} + b),  y_0 = 0.
// The same equation as rnnmath/neuron.py; tests/test_playground.py keeps them equal.
// A classic script (see activations.js): it adds rnnPlayground.neuron.
(function (ns) {
  function run({ w_x, w_y, b, activation: name }, xs) {
    const phi = ns.activation(name);
    const ys = [];
    let y = 0; // y_0
    for (const x of xs) {
      y = phi(w_x * x + w_y * y + b);
      ys.push(y);
    }
    return ys; // y_1 … y_T
  }

  ns.neuron = { run };
})((globalThis.rnnPlayground = globalThis.rnnPlayground || {}));

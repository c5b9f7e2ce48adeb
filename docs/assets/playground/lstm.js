// A one-unit LSTM (page 6). Each weight holds one number per gate, in the
// order of the table of layers (rnnmath/layers.py), which the page writes
// into the widget's data-config as `layer` and which run() takes:
//   i = σ(x·W_x[i] + h·W_h[i] + b[i])      input gate
//   f = σ(x·W_x[f] + h·W_h[f] + b[f])      forget gate
//   c̃ = φ(x·W_x[c] + h·W_h[c] + b[c])      candidate cell
//   o = σ(x·W_x[o] + h·W_h[o] + b[o])      output gate
//   c_t = f·c_{t−1} + i·c̃,   h_t = o·φ(c_t),   h_0 = c_0 = 0.
// The same equations as rnnmath.lstm; tests/test_playground.py keeps them equal.
// A classic script (see activations.js): it adds rnnPlayground.lstm.
(function (ns) {
  function run({ kernel, recurrent_kernel, bias, activation: phiName, recurrent_activation: sigmaName }, xs, layer) {
    const phi = ns.activation(phiName);
    const sigma = ns.activation(sigmaName);
    const block = (gate) => {
      const g = layer.gates.indexOf(gate);
      if (g < 0) throw new Error(`the layer table's LSTM has no gate ${gate}`);
      return g;
    };
    const [I, F, C, O] = ["i", "f", "c", "o"].map(block); // where each gate's number sits in the weights
    const pre = (g, x, h) => x * kernel[g] + h * recurrent_kernel[g] + bias[g];
    const hs = [];
    const cs = [];
    let h = 0;
    let c = 0;
    for (const x of xs) {
      const i = sigma(pre(I, x, h));
      const f = sigma(pre(F, x, h));
      const cTilde = phi(pre(C, x, h));
      const o = sigma(pre(O, x, h));
      c = f * c + i * cTilde;
      h = o * phi(c);
      hs.push(h);
      cs.push(c);
    }
    return { h: hs, c: cs }; // h_1 … h_T and c_1 … c_T, by the table's state names
  }

  ns.lstm = { run };
})((globalThis.rnnPlayground = globalThis.rnnPlayground || {}));

// The recurrent neuron (page 1):  y_t = φ(w_x·x_t + w_y·y_{t−1} + b),  y_0 = 0.
// The same equation as rnnmath/neuron.py; tests/test_playground.py keeps them equal.
import { activation } from "./activations.mjs";

export function run({ w_x, w_y, b, activation: name }, xs) {
  const phi = activation(name);
  const ys = [];
  let y = 0; // y_0
  for (const x of xs) {
    y = phi(w_x * x + w_y * y + b);
    ys.push(y);
  }
  return ys; // y_1 … y_T
}

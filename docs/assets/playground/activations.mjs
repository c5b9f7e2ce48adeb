// The activations the playground offers, as Keras 3 defines them.
// Shared by the three widgets' math modules.
export const ACTIVATIONS = {
  linear: (z) => z,
  tanh: (z) => Math.tanh(z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
};

export function activation(name) {
  const phi = ACTIVATIONS[name];
  if (!phi) throw new Error(`unknown activation ${name}`);
  return phi;
}

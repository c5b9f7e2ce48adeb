// The activations the playground offers, as Keras 3 defines them.
// Shared by the three widgets' math modules.
//
// Every file here is a classic script, not an ES module: browsers refuse
// module scripts on a page opened from file://, and the site must work from a
// downloaded copy. Each file adds its part to one global, rnnPlayground, in the
// order mkdocs.yml's extra_javascript loads them; node loads them the same way
// (tests/playground_eval.mjs).
(function (ns) {
  const ACTIVATIONS = {
    linear: (z) => z,
    tanh: (z) => Math.tanh(z),
    sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  };

  ns.ACTIVATIONS = ACTIVATIONS;
  ns.activation = function activation(name) {
    const phi = ACTIVATIONS[name];
    if (!phi) throw new Error(`unknown activation ${name}`);
    return phi;
  };
})((globalThis.rnnPlayground = globalThis.rnnPlayground || {}));

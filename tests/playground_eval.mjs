// Runs the playground's own math modules on cases read as JSON from stdin:
// [{"widget": "neuron", "params": {...}, "inputs": [...], "layer": {...}}, ...],
// where "layer" is the widget's data-config entry from the table of layers. Prints the
// results as JSON, for tests/test_playground.py to compare with rnnmath.
//
// The modules are classic scripts (they must run from file://), each adding its part
// to globalThis.rnnPlayground; they are run here as the browser runs them, in the
// order mkdocs.yml lists them: activations.js first.
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";

const cases = JSON.parse(readFileSync(0, "utf8"));
const load = (name) => {
  const file = new URL(`../docs/assets/playground/${name}.js`, import.meta.url);
  runInThisContext(readFileSync(file, "utf8"), { filename: file.pathname });
};
load("activations");
for (const name of new Set(cases.map((c) => c.widget))) load(name);
const ns = globalThis.rnnPlayground;
process.stdout.write(JSON.stringify(cases.map((c) => ns[c.widget].run(c.params, c.inputs, c.layer))) + "\n");

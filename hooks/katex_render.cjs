// Renders TeX to HTML with KaTeX, for hooks/katex.py, at build time.
//
// Reads one JSON object per line on stdin: {"tex": "...", "display": true}.
// Writes one JSON object per line on stdout: {"html": "..."} or {"error": "..."}.
// The site's macros come as a JSON object in argv[2]. Errors are never
// rendered into the page: the hook turns them into a failed build.
"use strict";
const katex = require("katex");
const readline = require("readline");

const macros = JSON.parse(process.argv[2] || "{}");
const lines = readline.createInterface({ input: process.stdin, terminal: false });

lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let reply;
  try {
    reply = {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        strict: "error",
        trust: false,
        macros: { ...macros },
        output: "htmlAndMathml",
      }),
    };
  } catch (error) {
    reply = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});

// The weight playground: sliders and number boxes for every weight, an
// editable input sequence, and the outputs as numbers and as a plot, updated
// as you drag. The math of each widget is in its own module (neuron.js,
// layer.js, lstm.js); this file only draws controls and results.
//
// Each widget is a <div class="rnn-playground" data-config="…"> written at
// build time by docs_tools/playground.py, with presets taken from the seed
// notebooks' experiments (rnnmath/seeds.py). It runs offline, works with
// Material's instant navigation (document$), and follows dark mode.
//
// A classic script, loaded after the math modules (see activations.js and
// mkdocs.yml), so that it also runs on a page opened from file://. Until it
// runs, each widget shows the fallback text docs_tools/playground.py wrote.
(function (ns) {
  "use strict";

  let uid = 0;

  function fmt(v) {
    if (!Number.isFinite(v)) return String(v);
    const r = Number(v.toPrecision(6));
    return Object.is(r, -0) ? "0" : String(r);
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === undefined) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function setPath(target, path, value) {
    let node = target;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      if (node[key] === undefined) node[key] = typeof path[i + 1] === "number" ? [] : {};
      node = node[key];
    }
    node[path[path.length - 1]] = value;
  }

  function parseInputs(text) {
    const parts = text.split(/[\s,;]+/).filter((s) => s !== "");
    const values = parts.map(Number);
    if (!parts.length || values.some((v) => !Number.isFinite(v))) return null;
    return values;
  }

  // The series to show: one array of numbers per plotted line, by name. An
  // LSTM's are its states, named as the table of layers names them (config.layer).
  function series(name, result, layer) {
    if (name === "lstm") return Object.fromEntries(layer.states.map((s) => [`${s}_t`, result[s]]));
    if (name === "layer") return { "y_t[1]": result.map((y) => y[0]), "y_t[2]": result.map((y) => y[1]) };
    return { "y_t": result };
  }

  // How each series is written: in the table's headers (HTML) and the plot's legend (text).
  // (y_t)_j is entry j of the output vector, as on the pages.
  const LABELS = {
    x_t: ["x<sub>t</sub>", "xₜ"],
    y_t: ["y<sub>t</sub>", "yₜ"],
    "y_t[1]": ["(y<sub>t</sub>)<sub>1</sub>", "(yₜ)₁"],
    "y_t[2]": ["(y<sub>t</sub>)<sub>2</sub>", "(yₜ)₂"],
    h_t: ["h<sub>t</sub>", "hₜ"],
    c_t: ["c<sub>t</sub>", "cₜ"],
  };

  // Mid-tone colours that read on the light and the dark background.
  const COLOURS = ["#5c7cfa", "#f08c00", "#2f9e44"];

  function plot(lines, label) {
    const width = 360, height = 180, pad = 34;
    const all = Object.values(lines).flat().filter(Number.isFinite);
    const T = Math.max(...Object.values(lines).map((v) => v.length));
    let lo = Math.min(0, ...all), hi = Math.max(0, ...all);
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    const x = (t) => pad + (T <= 1 ? (width - 2 * pad) / 2 : ((t - 1) * (width - 2 * pad)) / (T - 1));
    const y = (v) => height - pad + 8 - ((v - lo) * (height - 2 * pad)) / (hi - lo);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.classList.add("rnn-playground__plot");
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      svg.append(node);
      return node;
    };
    add("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), stroke: "currentColor", "stroke-opacity": 0.4 });
    add("text", { x: pad - 6, y: y(hi) + 4, "text-anchor": "end", "font-size": 11, fill: "currentColor" }, fmt(hi));
    add("text", { x: pad - 6, y: y(lo) + 4, "text-anchor": "end", "font-size": 11, fill: "currentColor" }, fmt(lo));
    for (let t = 1; t <= T; t++) {
      add("text", { x: x(t), y: height - 6, "text-anchor": "middle", "font-size": 11, fill: "currentColor" }, `t=${t}`);
    }
    Object.entries(lines).forEach(([name, values], s) => {
      const colour = COLOURS[s % COLOURS.length];
      // An output that overflowed (±∞ or NaN) has no place on the plot: leave a gap.
      const finite = values.map((v, i) => [i + 1, v]).filter(([, v]) => Number.isFinite(v));
      const points = finite.map(([t, v]) => `${x(t)},${y(v)}`).join(" ");
      if (finite.length) add("polyline", { points, fill: "none", stroke: colour, "stroke-width": 2 });
      finite.forEach(([t, v]) => add("circle", { cx: x(t), cy: y(v), r: 3.5, fill: colour }));
      add("text", { x: width - pad + 4, y: 14 + 14 * s, "font-size": 12, fill: colour }, LABELS[name][1]);
    });
    return svg;
  }

  function build(root) {
    const config = JSON.parse(root.dataset.config);
    const model = ns[config.widget];
    if (!model || typeof model.run !== "function") {
      throw new Error(`the playground's math for "${config.widget}" is not loaded (${config.widget}.js)`);
    }
    const id = `pg${++uid}`;
    const state = { params: {}, inputs: config.inputs.slice(), preset: null };
    const controls = {};

    const form = el("form", { class: "rnn-playground__controls", "aria-label": `${config.title}: weights and inputs` });
    form.addEventListener("submit", (e) => e.preventDefault());

    const presetBar = el("div", { class: "rnn-playground__presets", role: "group", "aria-label": "Presets" });
    presetBar.append(el("span", { class: "rnn-playground__label", text: "Presets:" }));
    config.presets.forEach((preset, p) => {
      const button = el("button", { type: "button", class: "md-button", "data-preset": p, text: preset.label });
      button.addEventListener("click", () => applyPreset(p));
      presetBar.append(button);
    });

    const grid = el("div", { class: "rnn-playground__grid" });
    for (const param of config.params) {
      const inputId = `${id}-${param.id}`;
      const range = el("input", {
        type: "range", min: param.min, max: param.max, step: param.step, value: param.value,
        "aria-label": `${param.label} (slider)`, "data-param": param.id,
      });
      const number = el("input", {
        type: "number", id: inputId, step: "any", value: param.value, "data-param": param.id,
        class: "rnn-playground__number",
      });
      const label = el("label", { for: inputId, class: "rnn-playground__label" });
      label.innerHTML = param.html;
      const sync = (value, source) => {
        if (source !== range) range.value = value;
        if (source !== number) number.value = value;
        setPath(state.params, param.path, Number(value));
        state.preset = null;
        update();
      };
      range.addEventListener("input", () => sync(range.value, range));
      number.addEventListener("input", () => {
        if (number.value !== "" && Number.isFinite(Number(number.value))) sync(number.value, number);
      });
      controls[param.id] = { range, number, param };
      setPath(state.params, param.path, Number(param.value));
      grid.append(el("div", { class: "rnn-playground__param" }, label, range, number));
    }

    for (const choice of config.choices) {
      const selectId = `${id}-${choice.id}`;
      const select = el("select", { id: selectId, "data-param": choice.id });
      for (const option of choice.options) select.append(el("option", { value: option, text: option }));
      select.value = choice.value;
      select.addEventListener("change", () => {
        state.params[choice.id] = select.value;
        state.preset = null;
        update();
      });
      controls[choice.id] = { select, choice };
      state.params[choice.id] = choice.value;
      grid.append(el("div", { class: "rnn-playground__param" },
        el("label", { for: selectId, class: "rnn-playground__label", text: choice.label }), select));
    }

    const sequenceId = `${id}-inputs`;
    const sequence = el("input", { type: "text", id: sequenceId, value: config.inputs.join(", "),
      class: "rnn-playground__sequence", "data-param": "inputs", spellcheck: "false" });
    sequence.addEventListener("input", () => {
      const values = parseInputs(sequence.value);
      if (values) {
        state.inputs = values;
        state.preset = null;
        sequence.removeAttribute("aria-invalid");
        update();
      } else {
        sequence.setAttribute("aria-invalid", "true");
        status.textContent = "Type the inputs as numbers separated by commas, for example 3, 3, 7.";
      }
    });
    const inputRow = el("div", { class: "rnn-playground__param rnn-playground__inputs" },
      el("label", { for: sequenceId, class: "rnn-playground__label" }), sequence);
    inputRow.querySelector("label").innerHTML = "Inputs x<sub>1</sub>, …, x<sub>T</sub> (numbers, separated by commas)";

    form.append(presetBar, grid, inputRow);
    const status = el("p", { class: "rnn-playground__status", "aria-live": "polite" });
    const output = el("div", { class: "rnn-playground__output", "aria-live": "polite" });
    const title = el("p", { class: "rnn-playground__title" });
    title.innerHTML = config.title;
    root.replaceChildren(title, form, status, output);

    function applyPreset(p) {
      const preset = config.presets[p];
      for (const [key, value] of Object.entries(preset.values)) {
        const control = controls[key];
        if (control.select) {
          control.select.value = value;
          state.params[key] = value;
        } else {
          control.range.value = value;
          control.number.value = value;
          setPath(state.params, control.param.path, Number(value));
        }
      }
      state.inputs = preset.inputs.slice();
      sequence.value = preset.inputs.join(", ");
      sequence.removeAttribute("aria-invalid");
      state.preset = p;
      update();
    }

    function update() {
      const result = model.run(state.params, state.inputs, config.layer);
      const lines = series(config.widget, result, config.layer);
      const names = Object.keys(lines);
      const table = el("table");
      const header = el("tr", {}, el("th", { text: "t" }));
      for (const n of ["x_t", ...names]) {
        const th = el("th");
        th.innerHTML = LABELS[n][0];
        header.append(th);
      }
      table.append(el("thead", {}, header));
      const body = el("tbody");
      state.inputs.forEach((x, i) => {
        body.append(el("tr", {}, el("td", { text: String(i + 1) }), el("td", { text: fmt(x) }),
          ...names.map((n) => el("td", { text: fmt(lines[n][i]), "data-series": n, "data-t": i + 1 }))));
      });
      table.append(body);
      const summary = names.map((n) => `${n}: ${lines[n].map(fmt).join(", ")}`).join("; ");
      output.replaceChildren(el("div", { class: "rnn-playground__table" }, table), plot(lines, `Plot of ${summary}`));
      const overflowed = Object.values(lines).flat().some((v) => !Number.isFinite(v));
      if (state.preset !== null) {
        const preset = config.presets[state.preset];
        status.textContent = `${preset.label}: ${preset.note}`;
      } else {
        status.textContent = overflowed
          ? "Some outputs overflowed (shown as Infinity or NaN) and are left off the plot: try smaller weights."
          : "";
      }
      root.dataset.outputs = JSON.stringify(lines); // read by the browser test
    }

    update();
  }

  function init() {
    for (const root of document.querySelectorAll(".rnn-playground[data-config]:not([data-ready])")) {
      try {
        build(root);
        root.dataset.ready = "true";
      } catch (error) {
        root.dataset.ready = "failed"; // the fallback text stays, and the error is in the console
        console.error(error);
      }
    }
  }

  // The page as loaded, and every page Material's instant navigation swaps in
  // without reloading: document$ emits after each swap. Not document$ alone:
  // on a page opened from file://, Material turns instant navigation off, and
  // its document$ completes without ever emitting. init skips built widgets.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
})((globalThis.rnnPlayground = globalThis.rnnPlayground || {}));

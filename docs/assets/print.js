// Print every fold open: a solution or a folded note on paper cannot be
// clicked. Before printing, open each closed <details>; afterwards, close
// again the ones this opened, so the page is as the reader left it.
// (Material's own print styles already show every tab of a tabbed block.)
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    for (const fold of opened) fold.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const fold of opened) fold.open = false;
    opened = [];
  });
})();

// Building the pages' parts with DOM calls (the Content-Security-Policy allows no inline markup
// or style, and text set as text cannot inject anything).
"use strict";

const Dom = (() => {
  // el("td", {className: "num", text: "3"}, child, ...): an element with its properties
  // (attributes for names with a dash, and `text` for its text) and children.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.includes("-")) node.setAttribute(name, value === true ? "" : value);
      else node[name] = value;
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  // Replaces `target`'s children with `nodes`, and gives the focus back to the element that had
  // it (matched by data-focus-key): a poll that redraws a table does not throw a keyboard user
  // back to the top of the page.
  function replace(target, ...nodes) {
    const active = document.activeElement;
    const key = active && target.contains(active) ? active.dataset.focusKey : undefined;
    target.replaceChildren(...nodes);
    if (key) {
      const again = target.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
      if (again) again.focus();
    }
  }

  return { el, replace };
})();

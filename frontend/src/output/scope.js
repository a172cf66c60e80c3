// output_ctl: create, clear and remove scopes.
import { insertAt } from "./position.js";

function createScope(spec) {
  const existing = document.getElementById(spec.set_scope);
  if (existing) {
    if (spec.if_exist === "remove") {
      existing.remove();
    } else if (spec.if_exist === "clear") {
      existing.replaceChildren();
      return;
    } else if (spec.if_exist === "blank") {
      // Keep the height while it is refilled, so the page does not jump.
      existing.style.minHeight = `${existing.offsetHeight}px`;
      existing.replaceChildren();
      return;
    } else {
      return;
    }
  }
  for (const container of document.querySelectorAll(spec.container || "#pywebio-scope-ROOT")) {
    const scope = document.createElement("div");
    scope.id = spec.set_scope;
    insertAt(container, scope, spec.position ?? -1);
  }
}

function clearRange(scope, from, to) {
  const children = Array.from(scope.children);
  const start = from === null ? 0 : from;
  const end = to === null ? children.length : to;
  children.slice(start, end).forEach((child) => child.remove());
}

export function handleOutputControl(spec) {
  if (spec.set_scope) createScope(spec);
  if (spec.loose) document.querySelectorAll(spec.loose).forEach((el) => { el.style.minHeight = ""; });
  if (spec.clear) document.querySelectorAll(spec.clear).forEach((el) => el.replaceChildren());
  if (spec.clear_before) {
    document.querySelectorAll(spec.clear_before).forEach((el) => {
      while (el.previousElementSibling) el.previousElementSibling.remove();
    });
  }
  if (spec.clear_after) {
    document.querySelectorAll(spec.clear_after).forEach((el) => {
      while (el.nextElementSibling) el.nextElementSibling.remove();
    });
  }
  if (spec.clear_range) {
    const [start, end] = spec.clear_range;
    const first = document.querySelector(start);
    const last = document.querySelector(end);
    if (first && last && first.parentElement === last.parentElement) {
      const siblings = Array.from(first.parentElement.children);
      clearRange(first.parentElement, siblings.indexOf(first) + 1, siblings.indexOf(last));
    }
  }
  if (spec.scroll_to) {
    const target = document.querySelector(spec.scroll_to);
    const block = { top: "start", middle: "center", bottom: "end" }[spec.position] || "start";
    if (target) target.scrollIntoView({ behavior: "smooth", block });
  }
  if (spec.remove) document.querySelectorAll(spec.remove).forEach((el) => el.remove());
}

// actions: buttons inside a form. A submit button submits the form with its
// value; reset resets the form; cancel cancels it.
import { fieldShell, applyCommon } from "./shell.js";

export function renderActions(spec, id, form) {
  const shell = fieldShell(spec, id, false);
  const row = document.createElement("div");
  row.className = "d-flex flex-wrap gap-2";
  row.setAttribute("role", "group");
  if (spec.label) row.setAttribute("aria-labelledby", shell.label.id);
  let clicked = null;
  const buttons = (spec.buttons || []).map((button) => {
    const element = document.createElement("button");
    element.type = "button";
    const color = button.color || (button.type === "cancel" ? "danger" : "primary");
    element.className = button.type === "submit" ? `btn btn-${color}` : `btn btn-outline-${color}`;
    element.textContent = button.label;
    element.disabled = !!button.disabled;
    element.addEventListener("click", () => {
      if (button.type === "submit") {
        clicked = button.value;
        form.submit();
      } else if (button.type === "reset") {
        form.reset();
      } else {
        form.cancel();
      }
    });
    row.appendChild(element);
    return element;
  });
  shell.wrapper.append(shell.label, row, shell.feedback, shell.help);
  return {
    element: shell.wrapper,
    input: row,
    getValue() { return clicked; },
    focus() { if (buttons[0]) buttons[0].focus(); },
    update(attributes) { applyCommon(shell, buttons, attributes); },
  };
}

// slider: a range input that shows its current value.
import { fieldShell, applyCommon } from "./shell.js";

export function renderSlider(spec, id) {
  const shell = fieldShell(spec, id);
  const row = document.createElement("div");
  row.className = "d-flex align-items-center gap-3";
  const input = document.createElement("input");
  input.type = "range";
  input.className = "form-range";
  input.id = id;
  input.name = spec.name;
  input.min = spec.min_value ?? 0;
  input.max = spec.max_value ?? 100;
  input.step = spec.step ?? 1;
  input.value = spec.value ?? 0;
  if (!spec.label) input.setAttribute("aria-label", spec.name);
  const output = document.createElement("output");
  output.htmlFor = id;
  output.textContent = input.value;
  input.addEventListener("input", () => { output.textContent = input.value; });
  row.append(input, output);
  shell.wrapper.append(shell.label, row, shell.feedback, shell.validFeedback, shell.help);
  const field = {
    element: shell.wrapper,
    input,
    getValue() { return Number(input.value); },
    focus() { input.focus(); },
    update(attributes) {
      const rest = applyCommon(shell, [input], attributes);
      if ("value" in rest) {
        input.value = rest.value;
        output.textContent = input.value;
      }
    },
  };
  field.update({ valid_status: 0, help_text: spec.help_text ?? "" });
  return field;
}

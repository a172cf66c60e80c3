// select, checkbox and radio. Option values are positions ("0", "1" ...);
// the server maps them back to the values it offered.
import { fieldShell, applyCommon } from "./shell.js";

export function renderSelect(spec, id) {
  const shell = fieldShell(spec, id);
  const select = document.createElement("select");
  select.id = id;
  select.name = spec.name;
  select.className = "form-select";
  select.multiple = !!spec.multiple;
  select.setAttribute("aria-describedby", shell.feedback.id);
  if (!spec.label) select.setAttribute("aria-label", spec.name);
  const fill = (options) => {
    select.replaceChildren();
    for (const option of options) {
      const element = document.createElement("option");
      element.value = option.value;
      element.textContent = option.label;
      element.selected = !!option.selected;
      element.disabled = !!option.disabled;
      select.appendChild(element);
    }
  };
  fill(spec.options || []);
  shell.wrapper.append(shell.label, select, shell.feedback, shell.validFeedback, shell.help);
  const field = {
    element: shell.wrapper,
    input: select,
    getValue() {
      if (select.multiple) return Array.from(select.selectedOptions, (o) => o.value);
      return select.value;
    },
    focus() { select.focus(); },
    update(attributes) {
      const rest = applyCommon(shell, [select], attributes);
      if (rest.options) fill(rest.options);
      if ("value" in rest) {
        const chosen = [].concat(rest.value).map(String);
        for (const option of select.options) option.selected = chosen.includes(option.value);
      }
      if ("disabled" in rest) select.disabled = !!rest.disabled;
    },
  };
  field.update({ valid_status: 0, help_text: spec.help_text ?? "" });
  return field;
}

function renderChecks(spec, id, kind) {
  const shell = fieldShell(spec, id, false);
  const group = document.createElement("div");
  group.setAttribute("role", kind === "radio" ? "radiogroup" : "group");
  group.setAttribute("aria-labelledby", shell.label.id);
  let inputs = [];
  const fill = (options) => {
    group.replaceChildren();
    inputs = options.map((option, index) => {
      const item = document.createElement("div");
      item.className = spec.inline ? "form-check form-check-inline" : "form-check";
      const input = document.createElement("input");
      input.type = kind;
      input.className = "form-check-input";
      input.id = `${id}-${index}`;
      input.name = spec.name;
      input.value = option.value;
      input.checked = !!option.selected;
      input.disabled = !!option.disabled;
      const label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = option.label;
      item.append(input, label);
      group.appendChild(item);
      return input;
    });
  };
  fill(spec.options || []);
  shell.wrapper.append(shell.label, group, shell.feedback, shell.validFeedback, shell.help);
  const field = {
    element: shell.wrapper,
    input: group,
    getValue() {
      const checked = inputs.filter((input) => input.checked).map((input) => input.value);
      if (kind === "radio") return checked.length ? checked[0] : null;
      return checked;
    },
    focus() { if (inputs[0]) inputs[0].focus(); },
    update(attributes) {
      const rest = applyCommon(shell, inputs, attributes);
      if (rest.options) fill(rest.options);
      if ("value" in rest) {
        const chosen = [].concat(rest.value).map(String);
        for (const input of inputs) input.checked = chosen.includes(input.value);
      }
    },
  };
  field.update({ valid_status: 0, help_text: spec.help_text ?? "" });
  return field;
}

export function renderCheckbox(spec, id) {
  return renderChecks(spec, id, "checkbox");
}

export function renderRadio(spec, id) {
  return renderChecks(spec, id, "radio");
}

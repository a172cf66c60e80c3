// Single-line inputs: text, number, float, password, url, date, time, color,
// datetime-local. Numbers go to the server as numbers when they parse.
import { fieldShell, applyCommon } from "./shell.js";

const HTML_TYPES = { float: "number", number: "number" };
const SPEC_KEYS = new Set(["type", "name", "label", "auto_focus", "onblur", "onchange", "action",
  "datalist", "options", "rows", "min_value", "max_value", "float", "code"]);

export function setInputAttributes(input, attributes) {
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "value") {
      input.value = value ?? "";
    } else if (key === "placeholder") {
      input.placeholder = value;
    } else if (key === "readonly") {
      input.readOnly = !!value;
    } else if (key === "required" || key === "disabled") {
      input[key] = !!value;
    } else if (!SPEC_KEYS.has(key) && value !== null && value !== undefined && value !== false) {
      input.setAttribute(key, value === true ? "" : value);
    }
  }
}

export function renderTextInput(spec, id) {
  return renderTyped(spec, id, "input");
}

export function renderTextarea(spec, id) {
  return renderTyped(spec, id, "textarea");
}

function renderTyped(spec, id, tag) {
  const shell = fieldShell(spec, id);
  const input = document.createElement(tag);
  input.id = id;
  input.name = spec.name;
  if (tag === "input") {
    input.type = HTML_TYPES[spec.type] || spec.type;
    if (spec.type === "float") input.step = "any";
    if (spec.type === "number") input.step = "1";
  } else if (spec.rows) {
    input.rows = spec.rows;
  }
  input.className = spec.type === "color" ? "form-control form-control-color" : "form-control";
  if (!spec.label) input.setAttribute("aria-label", spec.placeholder || spec.name);
  input.setAttribute("aria-describedby", shell.feedback.id);
  shell.wrapper.append(shell.label, input, shell.feedback, shell.validFeedback, shell.help);

  const field = {
    element: shell.wrapper,
    input,
    getValue() {
      if (input.type === "number") {
        if (input.value === "") return input.validity.badInput ? "invalid" : "";
        const number = Number(input.value);
        return Number.isFinite(number) ? number : input.value;
      }
      return input.value;
    },
    focus() { input.focus(); },
    update(attributes) {
      setInputAttributes(input, applyCommon(shell, [input], attributes));
    },
  };
  field.update({ ...spec, valid_status: spec.valid_status ?? 0 });
  return field;
}

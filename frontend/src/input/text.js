// Single-line inputs: text, number, float, password, url, date, time, color,
// datetime-local. Numbers go to the server as numbers when they parse.
import { fieldShell, applyCommon } from "./shell.js";
import { loadEditor, loadedEditor } from "../chunks.js";

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

export function renderTextInput(spec, id, form) {
  return renderTyped(spec, id, form, "input");
}

export function renderTextarea(spec, id, form) {
  return renderTyped(spec, id, form, "textarea");
}

function renderTyped(spec, id, form, tag) {
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
  let control = input;
  if (spec.action) {
    // input(action=(label, callback)): a button beside the field.
    control = document.createElement("div");
    control.className = "input-group has-validation";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.textContent = spec.action.label;
    button.addEventListener("click", () => form.callback(spec.action.callback_id));
    control.append(input, button);
  }
  if (Array.isArray(spec.datalist)) {
    const list = document.createElement("datalist");
    list.id = `${id}-datalist`;
    for (const item of spec.datalist) list.appendChild(new Option("", item));
    input.setAttribute("list", list.id);
    shell.wrapper.appendChild(list);
  }
  shell.wrapper.append(shell.label, control, shell.feedback, shell.validFeedback, shell.help);

  // textarea(code=...): the editor's chunk loads with the command that shows
  // it (../chunks.js); if it was slow, the editor takes over when it comes.
  let editor = null;
  if (tag === "textarea" && spec.code) {
    const attach = (module) => {
      input.setAttribute("aria-labelledby", shell.label.id);
      editor = module.attachEditor(input, spec.code === true ? {} : spec.code);
    };
    const loaded = loadedEditor();
    if (loaded) attach(loaded);
    else loadEditor().then(attach, () => {});
  }
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
    focus() { if (editor) editor.focus(); else input.focus(); },
    update(attributes) {
      setInputAttributes(input, applyCommon(shell, [input], attributes));
      if (editor && "value" in attributes) editor.setValue(attributes.value);
    },
  };
  field.update({ ...spec, valid_status: spec.valid_status ?? 0 });
  return field;
}

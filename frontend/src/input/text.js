// Single-line inputs: text, number, float, password, url, date, time, color,
// datetime-local. Numbers go to the server as numbers when they parse.
const HTML_TYPES = { float: "number", number: "number" };
const SPEC_KEYS = new Set(["type", "name", "label", "value", "placeholder", "required", "readonly",
  "help_text", "auto_focus", "onblur", "onchange", "action", "datalist", "valid_status",
  "invalid_feedback", "valid_feedback"]);

export function renderTextInput(spec, id) {
  const wrapper = document.createElement("div");
  wrapper.className = "mb-3";
  const label = document.createElement("label");
  label.className = "form-label";
  label.htmlFor = id;
  label.textContent = spec.label ?? "";
  const input = document.createElement("input");
  input.id = id;
  input.name = spec.name;
  input.type = HTML_TYPES[spec.type] || spec.type;
  input.className = spec.type === "color" ? "form-control form-control-color" : "form-control";
  if (spec.type === "float") input.step = "any";
  if (spec.type === "number") input.step = "1";
  if (!spec.label) input.setAttribute("aria-label", spec.placeholder || spec.name);
  const feedback = document.createElement("div");
  feedback.className = "invalid-feedback";
  feedback.id = `${id}-feedback`;
  input.setAttribute("aria-describedby", feedback.id);
  const validFeedback = document.createElement("div");
  validFeedback.className = "valid-feedback";
  const help = document.createElement("div");
  help.className = "form-text";
  wrapper.append(label, input, feedback, validFeedback, help);

  const field = {
    element: wrapper,
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
      for (const [key, value] of Object.entries(attributes)) {
        if (key === "valid_status") {
          input.classList.toggle("is-invalid", value === false);
          input.classList.toggle("is-valid", value === true);
          input.setAttribute("aria-invalid", value === false ? "true" : "false");
        } else if (key === "invalid_feedback") {
          feedback.textContent = value;
        } else if (key === "valid_feedback") {
          validFeedback.textContent = value;
        } else if (key === "label") {
          label.textContent = value;
        } else if (key === "help_text") {
          help.textContent = value;
        } else if (key === "value") {
          input.value = value ?? "";
        } else if (key === "placeholder") {
          input.placeholder = value;
        } else if (key === "readonly" || key === "required" || key === "disabled") {
          input[key === "readonly" ? "readOnly" : key] = !!value;
        } else if (!SPEC_KEYS.has(key) && value !== null && value !== undefined) {
          input.setAttribute(key, value);
        }
      }
    },
  };
  field.update({ ...spec, valid_status: spec.valid_status ?? 0 });
  return field;
}

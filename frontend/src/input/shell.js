// What every field shares: its label, error and help text, and the updates
// (update_input attributes) that apply to all of them.
export function fieldShell(spec, id, labelFor = true) {
  const wrapper = document.createElement("div");
  wrapper.className = "webui-field";
  const label = document.createElement(labelFor ? "label" : "div");
  label.className = "form-label";
  label.id = `${id}-label`;
  if (labelFor) label.htmlFor = id;
  label.textContent = spec.label ?? "";
  const feedback = document.createElement("div");
  feedback.className = "invalid-feedback";
  feedback.id = `${id}-feedback`;
  const validFeedback = document.createElement("div");
  validFeedback.className = "valid-feedback";
  const help = document.createElement("div");
  help.className = "form-text";
  help.textContent = spec.help_text ?? "";
  return { wrapper, label, feedback, validFeedback, help };
}

// Apply the attributes every field understands; return the ones left over.
export function applyCommon(shell, controls, attributes) {
  const rest = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "valid_status") {
      for (const control of controls) {
        control.classList.toggle("is-invalid", value === false);
        control.classList.toggle("is-valid", value === true);
        control.setAttribute("aria-invalid", value === false ? "true" : "false");
      }
      // Bootstrap shows feedback after an .is-invalid sibling; groups need it explicit.
      shell.feedback.style.display = value === false ? "block" : "";
    } else if (key === "invalid_feedback") {
      shell.feedback.textContent = value;
    } else if (key === "valid_feedback") {
      shell.validFeedback.textContent = value;
    } else if (key === "label") {
      shell.label.textContent = value;
    } else if (key === "help_text") {
      shell.help.textContent = value;
    } else {
      rest[key] = value;
    }
  }
  return rest;
}

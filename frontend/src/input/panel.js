// The input panel: one form per task; the latest opened is shown, and closing
// it brings back the one before.
import { renderField } from "./index.js";
import { fieldController } from "./controller.js";
import { t } from "../i18n.js";
import { env } from "../env.js";

const forms = new Map(); // task id -> form view, in opening order
let formCounter = 0;

function panel() {
  return document.getElementById("input-container");
}

// A form taller than the panel may be (60% of the window) is laid out with
// the page instead, so the page's own scroll bar reaches all of it.
let sizeWatch = null;
function fitPanel() {
  const element = panel();
  const tallest = window.innerHeight * 0.6;
  const cards = document.getElementById("input-cards");
  element.classList.toggle("webui-input-tall", cards.scrollHeight > tallest);
}

function watchSize() {
  if (sizeWatch || typeof ResizeObserver === "undefined") return;
  sizeWatch = new ResizeObserver(fitPanel);
  sizeWatch.observe(document.getElementById("input-cards"));
  window.addEventListener("resize", fitPanel);
}

function showLatest() {
  watchSize();
  const views = Array.from(forms.values());
  views.forEach((view, index) => { view.element.hidden = index !== views.length - 1; });
  panel().hidden = views.length === 0;
  const latest = views[views.length - 1];
  if (latest && env.inputAutoFocus) focusAtOnce(latest);
}

// A form that appears focused shows its focus ring at once (style.css): faded
// in, the ring would keep Chromium drawing frames for 150 ms, and an Enter
// pressed meanwhile would have the answer to it wait for the next frame.
function focusAtOnce(view) {
  const form = view.element;
  if (!form.classList.contains("webui-appearing")) { // one listener, however often it is shown again
    form.classList.add("webui-appearing");
    form.addEventListener("focusout", () => form.classList.remove("webui-appearing"), { once: true });
  }
  view.focus();
}

function button(label, className, type) {
  const element = document.createElement("button");
  element.type = type;
  element.className = `btn ${className}`;
  element.textContent = label;
  return element;
}

function buildForm(taskId, spec, session) {
  formCounter += 1;
  const form = document.createElement("form");
  form.className = "webui-form";
  form.noValidate = true;
  const titleId = `webui-f${formCounter}-title`;
  if (spec.label) {
    const title = document.createElement("div");
    title.className = "webui-form-title";
    title.id = titleId;
    title.textContent = spec.label;
    form.appendChild(title);
  }
  const fields = new Map();
  const collect = () => {
    const data = {};
    for (const [name, { field }] of fields) data[name] = field.getValue();
    return data;
  };
  let busy = false;
  // Fields with files upload them first; a refused upload stops the submit.
  const prepare = async (entries) => {
    for (const { field } of entries) if (field.prepare) await field.prepare();
  };
  const controller = fieldController(session, taskId, {
    async submit() {
      if (busy) return;
      busy = true;
      try {
        await prepare(fields.values());
        session.sendEvent("from_submit", taskId, collect());
      } catch (error) {
        console.warn("flask_webui: submit stopped:", error.message);
      } finally {
        busy = false;
      }
    },
    reset: () => form.reset(),
    cancel: () => session.sendEvent("from_cancel", taskId, null),
  });
  const inputs = spec.inputs || [];
  inputs.forEach((inputSpec, index) => {
    const field = renderField(inputSpec, `webui-f${formCounter}-${index}`, controller);
    // A single input() shows its label as the form title: name the field by it.
    if (!inputSpec.label && spec.label) field.input.setAttribute("aria-labelledby", titleId);
    fields.set(inputSpec.name, { spec: inputSpec, field });
    if (inputSpec.onchange) {
      // Typing reports after a short pause; other fields report each change.
      const typed = field.input.tagName === "TEXTAREA" || (field.input.tagName === "INPUT"
        && !["range", "color", "date", "time", "datetime-local"].includes(field.input.type));
      let timer = null;
      const report = () => prepare([{ field }]).then(() => session.sendEvent("input_event", taskId, {
        event_name: "change", name: inputSpec.name, value: field.getValue(),
      }), () => {});
      field.input.addEventListener(typed ? "input" : "change", () => {
        if (!typed) return report();
        clearTimeout(timer);
        timer = setTimeout(report, 150);
      });
    }
    if (inputSpec.onblur) {
      field.input.addEventListener("blur", () => {
        session.sendEvent("input_event", taskId, {
          event_name: "blur", name: inputSpec.name, value: field.getValue(),
        });
      });
    }
    form.appendChild(field.element);
  });
  // A form ending in an actions() input uses its buttons instead of ours.
  const ownButtons = !inputs.length || inputs[inputs.length - 1].type !== "actions";
  if (ownButtons) {
    const actions = document.createElement("div");
    actions.className = "webui-form-actions";
    actions.append(button(t("submit"), "btn-primary", "submit"),
      button(t("reset"), "btn-outline-secondary", "reset"));
    if (spec.cancelable) {
      const cancel = button(t("cancel"), "btn-outline-danger", "button");
      cancel.addEventListener("click", controller.cancel);
      actions.appendChild(cancel);
    }
    form.appendChild(actions);
  }
  form.addEventListener("pointerdown", holdUpdatesWhilePressed);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (ownButtons) controller.submit();
  });
  return {
    taskId,
    element: form,
    fields,
    focus() {
      const first = (spec.inputs || []).find((input) => input.auto_focus) || (spec.inputs || [])[0];
      if (first) fields.get(first.name).field.focus();
    },
  };
}

export function openForm(taskId, spec, session) {
  destroyForm(taskId);
  const view = buildForm(taskId, spec, session);
  forms.set(taskId, view);
  document.getElementById("input-cards").appendChild(view.element);
  showLatest();
}

export function destroyForm(taskId) {
  const view = forms.get(taskId);
  if (!view) return;
  view.element.remove();
  forms.delete(taskId);
  showLatest();
}

// Pressing a form's button blurs its field, and the server's answer to that
// blur may clear the error under the field before the button is released: the
// form would shrink, the button leave the pointer and the click be lost. So
// while a button of a form is pressed, updates to the forms wait for its end.
// (Only a button: a press that opens a <select>'s list ends in that list,
// where the page never hears of it.)
let pressed = false;
let heldUpdates = []; // [{view, spec}], in arrival order

function holdUpdatesWhilePressed(event) {
  if (pressed || !event.target.closest("button")) return;
  pressed = true;
  const events = ["pointerup", "pointercancel"];
  const release = () => {
    for (const name of events) window.removeEventListener(name, release, true);
    window.removeEventListener("blur", release); // the window's own, not a field's
    // The click follows pointerup in the same input task: apply after it.
    setTimeout(() => {
      pressed = false;
      const updates = heldUpdates;
      heldUpdates = [];
      for (const { view, spec } of updates) applyUpdate(view, spec);
    }, 0);
  };
  for (const name of events) window.addEventListener(name, release, true);
  window.addEventListener("blur", release);
}

function applyUpdate(view, spec) {
  if (forms.get(view.taskId) !== view) return; // the form has gone meanwhile
  const entry = view.fields.get(spec.target_name);
  if (entry) entry.field.update(spec.attributes || {});
}

export function updateInput(taskId, spec) {
  const view = forms.get(taskId);
  if (!view) return;
  if (pressed) heldUpdates.push({ view, spec });
  else applyUpdate(view, spec);
}

// What the user typed in open forms, to keep across a reload of the tab.
export function formSnapshot() {
  const values = {};
  for (const [taskId, view] of forms) {
    values[taskId] = {};
    for (const [name, { field, spec }] of view.fields) {
      if (spec.type !== "file" && spec.type !== "actions") values[taskId][name] = field.getValue();
    }
  }
  return values;
}

export function restoreForms(values) {
  for (const [taskId, fieldValues] of Object.entries(values || {})) {
    const view = forms.get(taskId);
    for (const [name, value] of Object.entries(fieldValues)) {
      const entry = view && view.fields.get(name);
      if (entry) entry.field.update({ value });
    }
  }
}

// type "pin": an input placed among the outputs. The server reads its value
// (pin_values), waits for a change (pin_wait), updates it (pin_update) and
// binds callbacks to its changes (pin_onchange). Answers go back as js_yield
// under the asking command's task id. A change no pin_wait was told of (the
// person typed on while the page code was busy) is kept: the next pin_wait
// naming that pin is answered at once with the pin's value, so the last
// change is never lost.
import { renderField } from "../input/index.js";
import { fieldController } from "../input/controller.js";

const pins = new Map(); // name -> the field shown last under that name
const waits = new Set(); // pending pin_wait: {names, taskId, timer}
const onChange = new Map(); // name -> callback ids
let pinCounter = 0;

const TYPED = new Set(["text", "number", "float", "password", "url", "textarea"]);

function livePin(name) {
  const pin = pins.get(name);
  return pin && pin.field.element.isConnected ? pin : null;
}

async function valueOf(pin) {
  if (pin.field.prepare) await pin.field.prepare(); // files upload first
  return pin.field.getValue();
}

export function renderPin(spec, session) {
  const inputSpec = spec.input || {};
  pinCounter += 1;
  // put_actions as a pin: a click sets the value.
  const controller = fieldController(session, "pin", { submit: () => changed() });
  const field = renderField(inputSpec, `webui-pin${pinCounter}`, controller);
  const pin = { spec: inputSpec, field, untold: false };
  pins.set(inputSpec.name, pin);
  field.element.classList.add("webui-pin");

  let reporting = Promise.resolve();
  const changed = () => {
    // In order, one at a time: a file pin uploads before it reports.
    reporting = reporting.then(() => report(pin, session)).catch((error) => {
      console.warn("flask_webui: pin change not reported:", error.message);
    });
  };
  if (inputSpec.type !== "actions") {
    field.element.addEventListener(TYPED.has(inputSpec.type) ? "input" : "change", (event) => {
      // A code editor reports through its textarea, not its own editable part.
      if (!event.target.isContentEditable) changed();
    });
  }
  return field.element;
}

async function report(pin, session) {
  const name = pin.spec.name;
  const listening = [...waits].filter((wait) => wait.names.includes(name));
  pin.untold = !listening.length;
  const callbacks = onChange.get(name) || [];
  if (!listening.length && !callbacks.length) return;
  const value = await valueOf(pin);
  for (const wait of listening) {
    waits.delete(wait);
    clearTimeout(wait.timer);
    session.sendEvent("js_yield", wait.taskId, { name, value });
  }
  for (const callbackId of callbacks) session.sendEvent("callback", callbackId, { value });
}

export async function pinValues(spec, session, taskId) {
  const values = {};
  for (const name of spec.names || []) {
    const pin = livePin(name);
    if (pin) values[name] = await valueOf(pin);
  }
  session.sendEvent("js_yield", taskId, values);
}

export function pinWait(spec, session, taskId) {
  const names = spec.names || [];
  const untold = names.map(livePin).find((pin) => pin && pin.untold);
  if (untold) {
    untold.untold = false;
    valueOf(untold).then((value) => session.sendEvent("js_yield", taskId, { name: untold.spec.name, value }));
    return;
  }
  const wait = { names, taskId, timer: null };
  if (spec.timeout) {
    wait.timer = setTimeout(() => {
      waits.delete(wait);
      session.sendEvent("js_yield", taskId, null);
    }, spec.timeout * 1000);
  }
  waits.add(wait);
}

export function pinUpdate(spec) {
  const pin = pins.get(spec.name);
  if (pin) pin.field.update(spec.attributes || {});
}

export function pinOnChange(spec) {
  const callbacks = spec.clear ? [] : onChange.get(spec.name) || [];
  if (spec.callback_id) callbacks.push(spec.callback_id);
  onChange.set(spec.name, callbacks);
}

// Pin values to keep across a reload of the tab (files and buttons are not kept).
export function pinSnapshot() {
  const values = {};
  for (const [name, pin] of pins) {
    if (livePin(name) && pin.spec.type !== "file" && pin.spec.type !== "actions") {
      values[name] = pin.field.getValue();
    }
  }
  return values;
}

export function restorePins(values) {
  for (const [name, value] of Object.entries(values || {})) {
    const pin = livePin(name);
    if (pin) pin.field.update({ value });
  }
}

// What a tab keeps across a reload (in sessionStorage, so per tab): the token
// of its running session and, when the page is left, the values typed into
// pins and open forms. The reloaded page asks to re-attach to that session.
import { pinSnapshot, restorePins } from "./output/pin.js";
import { formSnapshot, restoreForms } from "./input/panel.js";

const KEY = `webui:${window.location.pathname}${window.location.search}`;

// The state this tab stored for this page before it was reloaded, if any.
export function storedState() {
  try {
    return JSON.parse(window.sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function write(state) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage full or disabled: a reload starts the page afresh
  }
}

export function rememberToken(token) {
  const state = storedState();
  write({ token, values: state && state.token === token ? state.values : null });
}

export function saveValues() {
  const state = storedState();
  if (state) write({ ...state, values: { pins: pinSnapshot(), forms: formSnapshot() } });
}

export function restoreValues(state) {
  if (!state || !state.values) return;
  restorePins(state.values.pins);
  restoreForms(state.values.forms);
}

export function forget() {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

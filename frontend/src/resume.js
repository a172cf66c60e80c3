// What a tab keeps across a reload (in sessionStorage, so per tab): the token
// of its running session and, when the page is left, the values typed into
// pins and open forms. The reloaded page asks to re-attach to that session.
import { pinSnapshot, restorePins } from "./output/pin.js";
import { formSnapshot, restoreForms } from "./input/panel.js";

const KEY = `webui:${window.location.pathname}${window.location.search}`;
// A cookie for the page request of a reload that may follow: it asks the server
// not to start a session of its own for it (this tab goes back to its own).
const RELOAD_COOKIE = "webui_reload";
const RELOAD_COOKIE_SECONDS = 20;
const COOKIE_PATH = window.location.pathname.replace(/;/g, "%3B");

function reloadCookie(maxAge) {
  document.cookie = `${RELOAD_COOKIE}=1; max-age=${maxAge}; path=${COOKIE_PATH}; SameSite=Strict`;
}

// This load has come: the next page request of this path is not a reload.
export function reloadArrived() {
  reloadCookie(0);
}

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

// Before the tab leaves (a reload's request goes after this, and before pagehide).
export function reloadMayFollow() {
  if (storedState()) reloadCookie(RELOAD_COOKIE_SECONDS);
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

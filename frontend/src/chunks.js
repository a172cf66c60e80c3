// The lazily loaded chunks a command needs before it is applied: the HTML
// sanitizer for HTML (./sanitize.js), and the code editor with its language
// for a textarea(code=...), so that a code field shows as an editor from the
// start and never turns into one under the person's cursor.
import { loadSanitizer, sanitizerLoaded } from "./sanitize.js";

let editor = null; // the code editor chunk, once loaded
let editorLoading = null;
let editorFailed = false;

// The code editor chunk if it is loaded, else null.
export function loadedEditor() {
  return editor;
}

// Resolves with the code editor chunk (rejects if it cannot load).
export function loadEditor() {
  editorLoading ??= import("./lazy/code_editor.js").then((module) => {
    editor = module;
    return module;
  }, (error) => {
    editorFailed = true;
    console.error("flask_webui: the code editor did not load; code fields stay plain text areas", error);
    throw error;
  });
  return editorLoading;
}

// What `value` (a command, or anything in one) needs from the lazy chunks:
// whether it holds HTML to sanitize, and the modes of its code fields. One
// walk serves both, so a command is read once whatever it holds.
function needsOf(value, needs = { html: false, modes: [] }) {
  if (Array.isArray(value)) {
    for (const item of value) needsOf(item, needs);
  } else if (value !== null && typeof value === "object") {
    if (value.type === "html" && value.sanitize !== false) needs.html = true;
    if (value.type === "textarea" && value.code) needs.modes.push(value.code === true ? "" : value.code.mode);
    for (const item of Object.values(value)) needsOf(item, needs);
  }
  return needs;
}

function editorFor(modes) {
  if (editorFailed || !modes.length) return null;
  if (editor && modes.every((mode) => editor.languageReady(mode))) return null;
  return loadEditor().then((module) => Promise.all(modes.map(module.languageFor))).catch(() => {});
}

// A promise to wait for before applying `command`, or null to apply it now.
export function chunksFor(command) {
  const needs = needsOf(command);
  const waits = [needs.html && !sanitizerLoaded() ? loadSanitizer() : null, editorFor(needs.modes)];
  const pending = waits.filter(Boolean);
  return pending.length ? Promise.all(pending) : null;
}

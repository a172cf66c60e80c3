// The lazily loaded chunks a command needs before it is applied: the HTML
// sanitizer for HTML (./sanitize.js), and the code editor with its language
// for a textarea(code=...), so that a code field shows as an editor from the
// start and never turns into one under the person's cursor.
import { sanitizerFor } from "./sanitize.js";

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

// The modes of the code fields in `value` (a command, or anything in one).
function codeModes(value, modes = []) {
  if (Array.isArray(value)) {
    for (const item of value) codeModes(item, modes);
  } else if (value !== null && typeof value === "object") {
    if (value.type === "textarea" && value.code) modes.push(value.code === true ? "" : value.code.mode);
    for (const item of Object.values(value)) codeModes(item, modes);
  }
  return modes;
}

function editorFor(command) {
  if (editorFailed) return null;
  const modes = codeModes(command);
  if (!modes.length || (editor && modes.every((mode) => editor.languageReady(mode)))) return null;
  return loadEditor().then((module) => Promise.all(modes.map(module.languageFor))).catch(() => {});
}

// A promise to wait for before applying `command`, or null to apply it now.
export function chunksFor(command) {
  const waits = [sanitizerFor(command), editorFor(command)].filter(Boolean);
  return waits.length ? Promise.all(waits) : null;
}

// The code editor behind textarea(code=...): CodeMirror 6, in a chunk of its
// own that only pages with a code field load. PyWebIO passes CodeMirror 5
// options; `mode` names the language and a dark `theme` picks a dark editor.
import { EditorView, basicSetup } from "codemirror";
import { Compartment } from "@codemirror/state";
import { LanguageDescription } from "@codemirror/language";
import { languages as allLanguages } from "@codemirror/language-data";
import { oneDark } from "@codemirror/theme-one-dark";

const LIGHT_THEMES = new Set(["default", "eclipse", "idea", "neat", "elegant", "base16-light", "xq-light"]);

// The language support for `mode` (a CodeMirror 5 mode name), loaded once:
// a promise of it, or of null for a mode it does not know. Pages that show a
// code field load it with the editor (../chunks.js), so that the editor
// comes with its highlighting.
const languages = new Map();
const ready = new Set();

export function languageFor(mode) {
  const name = typeof mode === "string" ? mode : "";
  if (!languages.has(name)) {
    const description = name && LanguageDescription.matchLanguageName(allLanguages, name, true);
    const loading = description ? description.load().catch(() => null) : Promise.resolve(null);
    languages.set(name, loading.then((support) => { ready.add(name); return support; }));
  }
  return languages.get(name);
}

// Whether languageFor(mode) has settled.
export function languageReady(mode) {
  return ready.has(typeof mode === "string" ? mode : "");
}

// Replace `textarea` by an editor that keeps the textarea's value in step and
// fires its "input" event on every change (bubbling, as typing would, so a
// pin or form listening above it hears it). The editor is there at once; its
// language follows if it is still loading. If it arrives after the page
// showed the plain textarea (its chunk was slow), what was typed there stays,
// and if the textarea had the focus the editor takes it with the caret where
// it was.
export function attachEditor(textarea, options) {
  const language = new Compartment();
  const extensions = [basicSetup, language.of([]), EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    textarea.value = update.state.doc.toString();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  })];
  if (options.theme && !LIGHT_THEMES.has(options.theme)) extensions.push(oneDark);
  if (textarea.readOnly) extensions.push(EditorView.editable.of(false));
  // Classes through the editor's own attributes (it rewrites its class list),
  // and the height on the content, so a click anywhere in the box edits.
  const minHeight = `${(textarea.rows || 6) * 1.5}em`;
  extensions.push(EditorView.editorAttributes.of({ class: "webui-code-editor form-control p-0" }),
    EditorView.theme({ ".cm-content, .cm-gutter": { minHeight } }));
  const hadFocus = document.activeElement === textarea;
  const view = new EditorView({
    doc: textarea.value, extensions,
    selection: { anchor: textarea.selectionStart, head: textarea.selectionEnd },
  });
  view.contentDOM.setAttribute("aria-labelledby", textarea.getAttribute("aria-labelledby") || "");
  textarea.hidden = true;
  textarea.after(view.dom);
  if (hadFocus) view.focus();
  languageFor(options.mode).then((support) => {
    if (support) view.dispatch({ effects: language.reconfigure(support) });
  });
  return {
    view,
    setValue(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value ?? "" } });
    },
    focus() { view.focus(); },
  };
}

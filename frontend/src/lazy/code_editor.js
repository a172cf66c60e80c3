// The code editor behind textarea(code=...): CodeMirror 6, in a chunk of its
// own that only pages with a code field load. PyWebIO passes CodeMirror 5
// options; `mode` names the language and a dark `theme` picks a dark editor.
import { EditorView, basicSetup } from "codemirror";
import { LanguageDescription } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { oneDark } from "@codemirror/theme-one-dark";

const LIGHT_THEMES = new Set(["default", "eclipse", "idea", "neat", "elegant", "base16-light", "xq-light"]);

// Replace `textarea` by an editor that keeps the textarea's value in step and
// fires its "input" event on every change.
export async function attachEditor(textarea, options) {
  const extensions = [basicSetup, EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    textarea.value = update.state.doc.toString();
    textarea.dispatchEvent(new Event("input"));
  })];
  const mode = typeof options.mode === "string" ? options.mode : null;
  const description = mode && LanguageDescription.matchLanguageName(languages, mode, true);
  if (description) extensions.push(await description.load());
  if (options.theme && !LIGHT_THEMES.has(options.theme)) extensions.push(oneDark);
  if (textarea.readOnly) extensions.push(EditorView.editable.of(false));
  const view = new EditorView({ doc: textarea.value, extensions });
  view.dom.classList.add("webui-code-editor", "form-control", "p-0");
  view.dom.style.minHeight = `${(textarea.rows || 6) * 1.5}em`;
  view.contentDOM.setAttribute("aria-labelledby", textarea.getAttribute("aria-labelledby") || "");
  textarea.hidden = true;
  textarea.after(view.dom);
  return {
    view,
    setValue(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value ?? "" } });
    },
    focus() { view.focus(); },
  };
}

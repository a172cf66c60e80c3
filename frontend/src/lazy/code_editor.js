// The code editor behind textarea(code=...): CodeMirror 6, in a chunk of its
// own that only pages with a code field load. PyWebIO passes CodeMirror 5
// options; `mode` names the language and a dark `theme` picks a dark editor.
import { EditorView, basicSetup } from "codemirror";
import { LanguageDescription } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { oneDark } from "@codemirror/theme-one-dark";

const LIGHT_THEMES = new Set(["default", "eclipse", "idea", "neat", "elegant", "base16-light", "xq-light"]);

// Replace `textarea` by an editor that keeps the textarea's value in step and
// fires its "input" event on every change (bubbling, as typing would, so a
// pin or form listening above it hears it). The editor usually arrives after
// the page showed the plain textarea: what was typed there stays, and if the
// textarea had the focus the editor takes it with the caret where it was.
export async function attachEditor(textarea, options) {
  const extensions = [basicSetup, EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    textarea.value = update.state.doc.toString();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  })];
  const mode = typeof options.mode === "string" ? options.mode : null;
  const description = mode && LanguageDescription.matchLanguageName(languages, mode, true);
  if (description) extensions.push(await description.load());
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
  return {
    view,
    setValue(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value ?? "" } });
    },
    focus() { view.focus(); },
  };
}

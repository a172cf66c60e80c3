// Markdown to HTML with marked, loaded only by pages that show markdown.
import { marked } from "marked";

// As PyWebIO sets marked: a single newline inside a paragraph is a line break.
// A page's own options (put_markdown(options=...)) come on top.
const PYWEBIO_DEFAULTS = { breaks: true };

export function markdownToHtml(content, options) {
  return marked.parse(content, { ...PYWEBIO_DEFAULTS, ...options, async: false });
}

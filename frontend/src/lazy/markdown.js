// Markdown to HTML with marked, loaded only by pages that show markdown.
import { marked } from "marked";

export function markdownToHtml(content, options) {
  return marked.parse(content, { ...options, async: false });
}

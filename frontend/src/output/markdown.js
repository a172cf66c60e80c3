// type "markdown": rendered with marked, sanitized unless the page opted out.
// Code blocks with a language are highlighted once the highlighter chunk loads.
import { marked } from "marked";
import { sanitizeHtml } from "../sanitize.js";

export function renderMarkdown(spec) {
  const element = document.createElement("div");
  element.className = "webui-markdown";
  const html = marked.parse(spec.content ?? "", { ...(spec.options || {}), async: false });
  element.innerHTML = spec.sanitize === false ? html : sanitizeHtml(html);
  if (element.querySelector("pre code[class*='language-']")) {
    import("../lazy/highlight.js").then(({ highlightBlocks }) => highlightBlocks(element));
  }
  return element;
}

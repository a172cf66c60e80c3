// type "markdown": rendered with marked, sanitized unless the page opted out.
// The parser (and the sanitizer) load with the first markdown a page shows
// (the element is in place at once, its content follows); code blocks with a
// language are highlighted once the highlighter chunk loads.
import { loadSanitizer, sanitizeHtml } from "../sanitize.js";

let parser = null; // the markdown chunk, once loaded
let loading = null;

export function renderMarkdown(spec) {
  const element = document.createElement("div");
  element.className = "webui-markdown";
  if (parser) {
    fill(element, spec);
  } else {
    loading ??= Promise.all([import("../lazy/markdown.js"), loadSanitizer()]).then(([module]) => {
      parser = module;
    });
    loading.then(() => fill(element, spec));
  }
  return element;
}

function fill(element, spec) {
  const html = parser.markdownToHtml(spec.content ?? "", spec.options || {});
  element.innerHTML = spec.sanitize === false ? html : sanitizeHtml(html);
  if (element.querySelector("pre code[class*='language-']")) {
    import("../lazy/highlight.js").then(({ highlightBlocks }) => highlightBlocks(element));
  }
}

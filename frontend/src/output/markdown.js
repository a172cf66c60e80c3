// type "markdown": rendered with marked, sanitized unless the page opted out.
// The parser (and the sanitizer) load with the first markdown a page shows
// (the element is in place at once, its content follows); code blocks with a
// language are highlighted once the highlighter chunk loads. As in PyWebIO,
// markdown that renders to one block is that block as a widget: it takes the
// page's .style() (put_code's <pre> scrolls inside a max-height) and is the
// cell of a grid. Else the block around them is.
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
  // One block: it is the widget (the element around it takes no box), with the style.
  const blocks = [...element.childNodes].filter((node) => node.nodeType !== Node.TEXT_NODE || node.textContent.trim());
  const single = blocks.length === 1 && blocks[0].nodeType === Node.ELEMENT_NODE ? blocks[0] : null;
  if (single) element.classList.add("webui-markdown-single");
  if (spec.style) (single || element).style.cssText += spec.style;
  if (element.querySelector("pre code[class*='language-']")) {
    import("../lazy/highlight.js").then(({ highlightBlocks }) => highlightBlocks(element));
  }
}

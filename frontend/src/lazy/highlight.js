// Syntax highlighting of code blocks (put_code, fenced markdown): highlight.js
// with its common languages, in a chunk loaded only when a page shows code.
import hljs from "highlight.js/lib/common";

export function highlightBlocks(root) {
  for (const block of root.querySelectorAll("pre code")) {
    const language = Array.from(block.classList).find((name) => name.startsWith("language-"));
    if (language && hljs.getLanguage(language.slice(9)) && !block.dataset.highlighted) {
      hljs.highlightElement(block);
    }
  }
}

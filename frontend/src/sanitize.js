// One place that decides what HTML may reach the page. The sanitizer is a
// chunk of its own (lazy/sanitize.js), loaded once the first form is painted
// (or with the page, when its first batch needs it); a command that needs it
// before it has loaded waits for it, and the commands after it wait in turn.
let sanitizer = null; // the chunk, once loaded
let loading = null;

function escaped(html) {
  const text = document.createElement("div");
  text.textContent = html;
  return text.innerHTML;
}

// Resolves once sanitizeHtml() can run. If the chunk cannot load, HTML is
// shown as text: nothing unsanitized reaches the page, and nothing is lost.
export function loadSanitizer() {
  loading ??= import("./lazy/sanitize.js").then(
    (module) => { sanitizer = module; },
    (error) => {
      console.error("flask_webui: the HTML sanitizer did not load; HTML is shown as text", error);
      sanitizer = { sanitizeHtml: escaped };
    },
  );
  return loading;
}

export function sanitizeHtml(html) {
  if (!sanitizer) throw new Error("flask_webui: sanitizeHtml() before loadSanitizer() resolved");
  return sanitizer.sanitizeHtml(html);
}

// Whether sanitizeHtml() can run now, without waiting for the chunk.
export function sanitizerLoaded() {
  return sanitizer !== null;
}

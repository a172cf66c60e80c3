// A lazy chunk imported again after its load failed. A browser keeps a failed
// module import for the life of the page (Chromium 150 does: the module map
// holds the failure), so the same URL would fail again without a request;
// the retry asks for the same file under a URL of its own.
/* global WEBUI_CHUNKS */

// import() of chunk `name` ("socketio"), the `attempt`th time.
export function importAgain(name, attempt) {
  const url = new URL(`./chunks/${WEBUI_CHUNKS[name]}`, import.meta.url);
  url.searchParams.set("attempt", String(attempt));
  return import(url.href);
}

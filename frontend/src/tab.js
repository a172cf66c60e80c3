// Which browser tab this is, for storage.tab: an id kept in the tab's
// sessionStorage, so it outlives reloads and reconnects while the tab stays
// open. A duplicated tab starts with a copy of it; the server then gives it
// an id of its own (see keepTabId).

const KEY = "webui-tab";

function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

export function tabId() {
  try {
    const kept = window.sessionStorage.getItem(KEY);
    if (kept && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
    return keepTabId(newId());
  } catch {
    return newId(); // no sessionStorage (a sandboxed frame): a tab per page load
  }
}

export function keepTabId(id) {
  try {
    window.sessionStorage.setItem(KEY, id);
  } catch {
    // kept for this page load only
  }
  return id;
}

// A page whose server stopped (close_session with reload: true): once the
// server answers the page's URL again, the page reloads and starts afresh.
// Asked with growing pauses; given up after ten minutes.
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 10000;
const GIVE_UP_AFTER_MS = 10 * 60 * 1000;

export function reloadWhenServerIsBack(url = window.location.href) {
  const started = Date.now();
  let pause = FIRST_PAUSE_MS;
  const ask = async () => {
    try {
      const answer = await fetch(url, { method: "HEAD", cache: "no-store", credentials: "same-origin" });
      if (answer.ok) {
        window.location.reload();
        return;
      }
    } catch {
      // not back yet
    }
    if (Date.now() - started > GIVE_UP_AFTER_MS) return;
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    setTimeout(ask, pause);
  };
  setTimeout(ask, pause);
}

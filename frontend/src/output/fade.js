// Outputs fade in (set_env(output_animation=...)), except those that answer
// what the person just did. After a key or pointer press, Chromium holds the
// page's network tasks until the next frame whenever one is pending, and a
// fade keeps one pending for its 200 ms: the answer to an Enter pressed while
// the last answer still faded in would wait for that frame. An output that
// comes within ANSWER_WINDOW of a press appears at once instead, so the next
// press finds nothing moving; outputs nobody asked for just now still fade.
import { env } from "../env.js";

const FADE_MS = 200;
const ANSWER_WINDOW_MS = 1000;
let lastPress = -Infinity;

export function watchPresses() {
  const note = () => { lastPress = performance.now(); };
  for (const type of ["keydown", "pointerdown"]) {
    document.addEventListener(type, note, { capture: true, passive: true });
  }
}

// Whether an output arriving now fades in.
export function outputFades() {
  return env.outputAnimation && performance.now() - lastPress > ANSWER_WINDOW_MS;
}

export function fadeIn(element) {
  element.animate?.([{ opacity: 0 }, { opacity: 1 }], { duration: FADE_MS });
}

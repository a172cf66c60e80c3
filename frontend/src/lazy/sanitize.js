// DOMPurify, in a chunk of its own: setting it up is the largest piece of
// work a page would do before its first form shows, and most first forms
// need none of it. See ../sanitize.js.
import DOMPurify from "dompurify";

export function sanitizeHtml(html) {
  return DOMPurify.sanitize(html, { ADD_ATTR: ["target"] });
}

// One place that decides what HTML may reach the page.
import DOMPurify from "dompurify";

export function sanitizeHtml(html) {
  return DOMPurify.sanitize(html, { ADD_ATTR: ["target"] });
}

// The <script>s of HTML a page put unsanitized run, as jQuery runs them for
// PyWebIO: parsed HTML keeps its scripts inert, so each is replaced by a new
// one, which runs once the element is placed on the page (in order).

function freshCopy(old) {
  const script = document.createElement("script");
  for (const { name, value } of old.attributes) script.setAttribute(name, value);
  script.async = false; // external ones in order too
  script.textContent = old.textContent;
  return script;
}

// `element` (or, if it is a script, its live copy) with live scripts inside.
export function withLiveScripts(element) {
  if (element.matches("script")) return freshCopy(element);
  for (const old of element.querySelectorAll("script")) old.replaceWith(freshCopy(old));
  return element;
}

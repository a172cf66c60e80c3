// type "scope": a named container holding nested outputs.
export function renderScopeWidget(spec, session, renderSpec) {
  const element = document.createElement("div");
  if (spec.dom_id) element.id = spec.dom_id;
  for (const child of spec.contents || []) element.appendChild(renderSpec(child, session));
  return element;
}

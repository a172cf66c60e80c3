// PyWebIO's position rule: 0 is the top, -1 the bottom, -2 before the last ...
export function insertAt(container, element, position) {
  const children = container.children;
  let index = position >= 0 ? position : children.length + position + 1;
  index = Math.max(0, Math.min(index, children.length));
  container.insertBefore(element, children[index] || null);
}

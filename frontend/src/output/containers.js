// Containers: "scrollable" (a fixed-height area) and "tabs".
let tabsCounter = 0;

function renderContents(contents, session, renderSpec, into) {
  const items = Array.isArray(contents) ? contents : [contents];
  for (const item of items) {
    if (item !== null && typeof item === "object") {
      into.appendChild(renderSpec(item, session));
    } else {
      const text = document.createElement("p");
      text.className = "webui-text";
      text.textContent = item ?? "";
      into.appendChild(text);
    }
  }
}

export function renderScrollable(spec, session, renderSpec) {
  const outer = document.createElement("div");
  outer.className = spec.border === false ? "webui-scrollable" : "webui-scrollable border rounded";
  if (spec.min_height) outer.style.minHeight = `${spec.min_height}px`;
  if (spec.max_height) outer.style.maxHeight = `${spec.max_height}px`;
  outer.tabIndex = 0; // scrollable by keyboard
  const inner = document.createElement("div");
  renderContents(spec.contents || [], session, renderSpec, inner);
  outer.appendChild(inner);
  if (spec.keep_bottom) {
    // Follow new output while the reader is at the bottom.
    let atBottom = true;
    outer.addEventListener("scroll", () => {
      atBottom = outer.scrollHeight - outer.scrollTop - outer.clientHeight < 4;
    });
    new MutationObserver(() => {
      if (atBottom) outer.scrollTop = outer.scrollHeight;
    }).observe(inner, { childList: true, subtree: true });
  }
  return outer;
}

export function renderTabs(spec, session, renderSpec) {
  tabsCounter += 1;
  const wrapper = document.createElement("div");
  wrapper.className = "webui-tabs";
  const list = document.createElement("div");
  list.className = "nav nav-tabs";
  list.setAttribute("role", "tablist");
  const panels = [];
  const tabs = [];
  const select = (index) => {
    tabs.forEach((tab, i) => {
      tab.classList.toggle("active", i === index);
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
  };
  (spec.tabs || []).forEach((item, index) => {
    const id = `webui-tabs${tabsCounter}-${index}`;
    const tab = document.createElement("button");
    tab.type = "button";
    tab.className = "nav-link";
    tab.id = `${id}-tab`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", id);
    tab.textContent = item.title;
    tab.addEventListener("click", () => select(index));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = (index + step + tabs.length) % tabs.length;
      select(next);
      tabs[next].focus();
    });
    const panel = document.createElement("div");
    panel.className = "webui-tab-panel";
    panel.id = id;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    renderContents(item.content, session, renderSpec, panel);
    tabs.push(tab);
    panels.push(panel);
    list.appendChild(tab);
  });
  wrapper.append(list, ...panels);
  if (tabs.length) select(0);
  return wrapper;
}

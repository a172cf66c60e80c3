// type "table": the first row is the header; a cell is text or a nested
// output; `span` maps "row,col" to {row, col} for cells that cover several.
// Long tables fill in over several frames, so the page never freezes.
const FIRST_ROWS = 200;
const ROWS_PER_FRAME = 1000;

function renderRow(row, r, spans, session, renderSpec) {
  const tr = document.createElement("tr");
  row.forEach((cell, c) => {
    const td = document.createElement(r === 0 ? "th" : "td");
    if (r === 0) td.scope = "col";
    const covers = spans[`${r},${c}`];
    if (covers) {
      if (covers.row > 1) td.rowSpan = covers.row;
      if (covers.col > 1) td.colSpan = covers.col;
    }
    if (cell !== null && typeof cell === "object") {
      td.appendChild(renderSpec(cell, session));
    } else {
      td.textContent = cell ?? "";
    }
    tr.appendChild(td);
  });
  return tr;
}

export function renderTable(spec, session, renderSpec) {
  const wrapper = document.createElement("div");
  wrapper.className = "table-responsive webui-table";
  const table = document.createElement("table");
  table.className = "table table-bordered table-sm";
  const rows = spec.data || [];
  const spans = spec.span || {};
  const head = document.createElement("thead");
  const body = document.createElement("tbody");
  // A header cell that spans rows reaches into the body, which a <thead> cannot
  // hold: then the header row opens the body.
  const headerSpansRows = rows.length && rows[0].some((_, c) => (spans[`0,${c}`]?.row ?? 1) > 1);
  if (rows.length) (headerSpansRows ? body : head).appendChild(renderRow(rows[0], 0, spans, session, renderSpec));
  const fill = (from, to) => {
    const slice = document.createDocumentFragment();
    for (let r = from; r < Math.min(to, rows.length); r += 1) {
      slice.appendChild(renderRow(rows[r], r, spans, session, renderSpec));
    }
    body.appendChild(slice);
  };
  fill(1, FIRST_ROWS + 1);
  const more = (from) => {
    if (from >= rows.length) return;
    requestAnimationFrame(() => {
      fill(from, from + ROWS_PER_FRAME);
      more(from + ROWS_PER_FRAME);
    });
  };
  more(FIRST_ROWS + 1);
  table.append(...(head.childElementCount ? [head] : []), body);
  wrapper.appendChild(table);
  return wrapper;
}

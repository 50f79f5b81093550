/**
 * Reads a grid of the admin center by its column headers, never by position, in both rendering models
 * (docs/microsoft-pages.md, "Admin center as public screenshots..."):
 * - Knockout (top frame): `[role=columnheader]` and `[role=gridcell]` addressed by `aria-colindex`;
 * - Fluent UI DetailsList (React iframe): headers carry `data-item-key`, row cells
 *   `[data-automationid=DetailsRowCell][data-automation-key=...]`.
 * A cell that cannot be tied to a header is left out. Bounded: 30 columns, 500 rows, 300 characters a cell.
 */

export interface Grid {
  /** Header texts, in the grid's own order. */
  headers: string[];
  /** Each row: header text (lower case) -> cell text. */
  rows: Record<string, string>[];
  /** The rows' elements, in the same order (for drawing over them; never restyled). */
  elements: Element[];
}

const MAX_COLUMNS = 30;
const MAX_ROWS = 500;
const MAX_CELL = 300;
const CELL = '[role=gridcell], [role=cell], [role=rowheader], [data-automationid=DetailsRowCell]';

const text = (el: Element | null | undefined) => (el?.textContent ?? '').slice(0, MAX_CELL * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_CELL);

interface Column {
  name: string;
  colIndex: string | null;
  key: string | null;
}

const GRIDS = '[role=grid], [role=treegrid], [role=table]';

/**
 * The grid under `root` whose headers include every one of `needed` (lower case), read on its own: another
 * grid on the same page (the Details pane's "Requested by") never lends it rows or headers. Grids inside
 * `exclude` are skipped.
 */
export function findGrid(root: ParentNode, needed: readonly string[], exclude?: Element | null): Grid | null {
  const containers = Array.from(root.querySelectorAll(GRIDS)).slice(0, 20);
  for (const c of containers.length ? containers : [root]) {
    if (exclude && c instanceof Element && exclude.contains(c)) continue;
    const grid = readGrid(c);
    const headers = grid.headers.map((h) => h.toLowerCase());
    if (needed.every((h) => headers.includes(h))) return grid;
  }
  return null;
}

/** For a grid: only its own headers and rows, not a nested grid's. For any other root: everything. */
const own = (root: ParentNode) => {
  const mine = root instanceof Element && root.matches(GRIDS) ? root : null;
  return (el: Element) => !mine || el.closest(GRIDS) === mine;
};

export function readGrid(root: ParentNode): Grid {
  const ours = own(root);
  const columns: Column[] = Array.from(root.querySelectorAll('[role=columnheader]'))
    .filter(ours)
    .slice(0, MAX_COLUMNS)
    .map((h) => ({ name: text(h), colIndex: h.getAttribute('aria-colindex'), key: h.getAttribute('data-item-key') ?? h.closest('[data-item-key]')?.getAttribute('data-item-key') ?? null }))
    .filter((c) => c.name);
  const rows: Record<string, string>[] = [];
  const elements: Element[] = [];
  for (const row of Array.from(root.querySelectorAll('[role=row]')).filter(ours).slice(0, MAX_ROWS + 1)) {
    if (row.querySelector('[role=columnheader]')) continue;
    const record: Record<string, string> = {};
    for (const cell of Array.from(row.querySelectorAll(CELL)).slice(0, MAX_COLUMNS)) {
      const colIndex = cell.getAttribute('aria-colindex');
      const key = cell.getAttribute('data-automation-key');
      const column = columns.find((c) => (colIndex !== null && c.colIndex === colIndex) || (key !== null && c.key === key));
      if (column && !(column.name.toLowerCase() in record)) record[column.name.toLowerCase()] = text(cell);
    }
    if (Object.keys(record).length) {
      rows.push(record);
      elements.push(row);
    }
    if (rows.length >= MAX_ROWS) break;
  }
  return { headers: columns.map((c) => c.name), rows, elements };
}

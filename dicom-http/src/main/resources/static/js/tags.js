// The attribute table: every element of GET /instances/{id}/attributes (DICOM JSON), keywords from
// the server's PS3.6 dictionary, sequences expandable, a copyable tag path per row.

import { getJson, instancePath } from './api.js';
import { formatValue, tagLabel } from './dicom.js';

let dictionary = null;

function loadDictionary() {
  if (!dictionary) dictionary = getJson('/static/dictionary.json').catch(() => ({}));
  return dictionary;
}

/** Keyword and name; repeating groups (60xx, 50xx), ranges (xx at the end) and group lengths. */
function lookup(dict, hex) {
  const group = parseInt(hex.slice(0, 4), 16);
  const element = parseInt(hex.slice(4), 16);
  if (group % 2 === 1) {
    return element >= 0x10 && element <= 0xff ? ['PrivateCreator', 'Private Creator'] : ['', 'private'];
  }
  return dict[hex] || dict[`${hex.slice(0, 2)}xx${hex.slice(4)}`] || dict[`${hex.slice(0, 6)}xx`]
    || (element === 0 ? ['GroupLength', 'Group Length'] : ['', '']);
}

export class TagTable {
  constructor({ tbody, search, status }) {
    this.tbody = tbody;
    this.search = search;
    this.status = status;
    this.rows = [];
    search.addEventListener('input', () => this.filter());
  }

  async show(id) {
    this.status.textContent = 'Loading attributes…';
    this.tbody.replaceChildren();
    const [ds, dict] = await Promise.all([getJson(`${instancePath(id)}/attributes`), loadDictionary()]);
    this.rows = [];
    this.addDataset(ds, dict, [], null, 0);
    this.tbody.replaceChildren(...this.rows.map((r) => r.tr));
    this.filter();
  }

  addDataset(ds, dict, path, parent, depth) {
    for (const hex of Object.keys(ds).sort()) {
      const el = ds[hex];
      const [keyword, name] = lookup(dict, hex);
      const step = keyword && !/xx/.test(keyword) && keyword !== 'PrivateCreator' ? keyword : hex;
      const rowPath = [...path, step];
      const row = this.row({ hex, keyword, name, vr: el.vr, depth, path: rowPath.join('/'), parent });
      if (el.vr === 'SQ') {
        const items = Array.isArray(el.Value) ? el.Value : [];
        row.value.textContent = `${items.length} item${items.length === 1 ? '' : 's'}`;
        if (items.length) this.makeToggle(row);
        items.forEach((item, i) => {
          const header = this.row({ hex: '', keyword: `Item ${i + 1}`, name: '', vr: '', depth: depth + 1,
            path: [...rowPath, i].join('/'), parent: row, item: true });
          header.value.textContent = `${Object.keys(item || {}).length} attributes`;
          this.addDataset(item || {}, dict, [...rowPath, i], header, depth + 2);
        });
      } else {
        row.value.textContent = formatValue(el);
      }
    }
  }

  row({ hex, keyword, name, vr, depth, path, parent, item = false }) {
    const tr = document.createElement('tr');
    const cells = ['tag', 'keyword', 'vr', 'value', 'copy'].map((c) => {
      const td = document.createElement('td');
      td.className = c;
      tr.append(td);
      return td;
    });
    cells[0].textContent = hex ? tagLabel(hex) : '';
    cells[0].style.paddingLeft = `${0.4 + depth * 0.9}em`;
    cells[1].textContent = keyword;
    if (name) cells[1].title = name;
    cells[2].textContent = vr;
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'quiet small';
    copy.textContent = 'Copy path';
    copy.setAttribute('aria-label', `Copy path ${path}`);
    copy.addEventListener('click', () => copyText(path, this.status));
    cells[4].append(copy);
    if (item) tr.classList.add('item');
    const row = { tr, value: cells[3], parent, path, expanded: true, hex };
    tr.dataset.path = path;
    this.rows.push(row);
    return row;
  }

  makeToggle(row) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'toggle';
    b.setAttribute('aria-expanded', 'false');
    b.setAttribute('aria-label', `Expand ${row.path}`);
    b.textContent = '▸';
    row.expanded = false;
    b.addEventListener('click', () => {
      row.expanded = !row.expanded;
      b.setAttribute('aria-expanded', String(row.expanded));
      b.textContent = row.expanded ? '▾' : '▸';
      this.filter();
    });
    row.tr.cells[1].prepend(b);
  }

  /** With a query: matching rows and their ancestors. Without: everything not collapsed. */
  filter() {
    const q = this.search.value.trim().toLowerCase();
    const visible = new Set();
    for (const r of this.rows) {
      if (q ? searchText(r).includes(q)
        : ancestorsExpanded(r)) {
        for (let a = r; a && !visible.has(a); a = a.parent) visible.add(a);
      }
    }
    for (const r of this.rows) r.tr.hidden = !visible.has(r);
    const shown = this.rows.filter((r) => !r.tr.hidden).length;
    this.status.textContent = q ? `${shown} of ${this.rows.length} attributes match “${q}”.`
      : `${this.rows.length} attributes.`;
  }
}

function searchText(r) {
  const cells = [...r.tr.cells].slice(0, 4).map((c) => c.textContent);
  return `${cells.join(' ')} ${r.hex} ${r.path}`.toLowerCase();
}

function ancestorsExpanded(r) {
  for (let a = r.parent; a; a = a.parent) {
    if (a.expanded === false) return false;
  }
  return true;
}

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `Copied ${text}`;
  } catch {
    // Clipboard API needs a secure context and permission; fall back to a selectable prompt.
    window.prompt('Copy this tag path:', text);
  }
}

// Browse: GET /instances with the server's filters and paging, grouped patient → study → series.
// List items carry only UIDs, so the descriptive fields come from one selected-attributes request
// per instance (cached by id and content hash).

import { getJson, describe, instancePath, mapLimited } from './api.js';
import { first, number, personName, formatDate } from './dicom.js';

const PAGE = 50;
const SUMMARY_TAGS = ['PatientName', 'PatientID', 'StudyDate', 'StudyDescription', 'Modality',
  'SeriesNumber', 'SeriesDescription', 'InstanceNumber', 'NumberOfFrames'];

export function initBrowse({ form, tree, status, prev, next, pageInfo, onOpen, onError }) {
  const summaries = new Map();
  let offset = 0;
  let total = 0;

  function query() {
    const data = new FormData(form);
    const q = new URLSearchParams({ limit: PAGE, offset });
    const pid = data.get('PatientID').trim();
    const modality = data.get('Modality').trim().toUpperCase();
    const from = data.get('from').replaceAll('-', '');
    const to = data.get('to').replaceAll('-', '');
    if (pid) q.set('PatientID', pid);
    if (modality) q.set('Modality', modality);
    if (from || to) q.set('StudyDate', from === to ? from : `${from}-${to}`);
    return q;
  }

  async function summary(item) {
    const key = `${item.id}@${item.sha256}`;
    if (!summaries.has(key)) {
      const tags = SUMMARY_TAGS.map((t) => `tag=${t}`).join('&');
      summaries.set(key, getJson(`${instancePath(item.id)}/attributes?${tags}`).catch(() => ({})));
    }
    return { item, ds: await summaries.get(key) };
  }

  function group(rows, nameFilter) {
    const patients = new Map();
    for (const { item, ds } of rows) {
      const name = personName(first(ds, 'PatientName', ''));
      const pid = first(ds, 'PatientID', '');
      if (nameFilter && !`${name} ${pid}`.toLowerCase().includes(nameFilter)) continue;
      const p = getOr(patients, `${pid}\u0000${name}`, () => ({ name, pid, studies: new Map() }));
      const s = getOr(p.studies, item.studyInstanceUid, () => ({
        date: first(ds, 'StudyDate', ''), desc: first(ds, 'StudyDescription', ''), series: new Map(),
      }));
      const se = getOr(s.series, item.seriesInstanceUid, () => ({
        modality: first(ds, 'Modality', ''), number: first(ds, 'SeriesNumber', ''),
        desc: first(ds, 'SeriesDescription', ''), items: [],
      }));
      se.items.push({ item, number: number(ds, 'InstanceNumber', ''), frames: number(ds, 'NumberOfFrames', 1) });
    }
    return patients;
  }

  function render(patients) {
    tree.replaceChildren();
    const top = el('ul');
    for (const p of patients.values()) {
      const studies = el('ul');
      for (const s of p.studies.values()) {
        const series = el('ul');
        for (const se of s.series.values()) {
          const items = el('ul');
          se.items.sort((a, b) => (Number(a.number) || 0) - (Number(b.number) || 0));
          for (const { item, number: n, frames } of se.items) {
            const b = el('button', 'instance', `#${n === '' ? '?' : n}${frames > 1 ? ` · ${frames} frames` : ''} · ${shortId(item.id)}`);
            b.type = 'button';
            b.dataset.id = item.id;
            b.title = item.id;
            b.addEventListener('click', () => onOpen(item.id));
            items.append(li(b));
          }
          series.append(li(details(`${se.modality || '—'} series ${se.number || '?'} ${se.desc}`, items)));
        }
        studies.append(li(details(`${formatDate(s.date) || 'no date'} ${s.desc}`, series)));
      }
      top.append(li(details(`${p.name || '(no name)'} · ${p.pid || '(no ID)'}`, studies, 'patient')));
    }
    tree.append(top);
  }

  async function load() {
    status.textContent = 'Loading…';
    try {
      const page = await getJson(`/instances?${query()}`);
      total = page.total;
      const rows = await mapLimited(page.items, 6, summary);
      const nameFilter = new FormData(form).get('name').trim().toLowerCase();
      const patients = group(rows, nameFilter);
      render(patients);
      const shown = patients.size ? page.items.length : 0;
      status.textContent = total === 0 ? 'No instances match.'
        : nameFilter && !shown ? 'No instance on this page matches the name.' : '';
      pageInfo.textContent = total ? `${offset + 1}–${offset + page.items.length} of ${total}` : '';
      prev.disabled = offset === 0;
      next.disabled = offset + page.items.length >= total;
    } catch (e) {
      status.textContent = 'Could not load the list.';
      onError(describe(e));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    offset = 0;
    load();
  });
  form.addEventListener('reset', () => setTimeout(() => { offset = 0; load(); }));
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  next.addEventListener('click', () => { offset += PAGE; load(); });
  return { reload: load, mark: (id) => markCurrent(tree, id) };
}

function markCurrent(tree, id) {
  for (const b of tree.querySelectorAll('button.instance')) {
    if (b.dataset.id === id) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
}

function getOr(map, key, make) {
  if (!map.has(key)) map.set(key, make());
  return map.get(key);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function li(child) {
  const e = el('li');
  e.append(child);
  return e;
}

function details(label, body, cls) {
  const d = el('details', cls);
  d.open = true;
  d.append(el('summary', '', label.trim()), body);
  return d;
}

function shortId(id) {
  return id.length > 18 ? `…${id.slice(-16)}` : id;
}

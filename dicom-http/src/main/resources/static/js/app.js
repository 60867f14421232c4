// Wires the page: upload, browse, viewer, tags, delete, messages, API token.

import { getJson, request, describe, instancePath, token, setToken, authHeaders } from './api.js';
import { initUpload } from './upload.js';
import { initBrowse } from './browse.js';
import { Viewer } from './viewer.js';
import { TagTable } from './tags.js';

const $ = (id) => document.getElementById(id);

function showMessage(text) {
  const box = document.createElement('div');
  box.className = 'message';
  box.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'quiet small';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => box.remove());
  box.append(p, close);
  $('messages').append(box);
}

const reportError = (e) => showMessage(describe(e));

const viewer = new Viewer({
  canvas: $('image'), stage: $('stage'), preset: $('preset'), wc: $('wc'), ww: $('ww'),
  invert: $('invert'), readout: $('window-readout'), frames: $('frames'), frame: $('frame'),
  frameLabel: $('frame-label'), play: $('play'), fps: $('fps'), download: $('download'),
  zoomIn: $('zoom-in'), zoomOut: $('zoom-out'), zoomFit: $('zoom-fit'), zoom1: $('zoom-1'),
}, reportError);

const tags = new TagTable({ tbody: $('tag-table').tBodies[0], search: $('tag-search'), status: $('tag-status') });

let current = null;

async function open(id) {
  current = id;
  browse.mark(id);
  $('viewer-empty').hidden = true;
  $('viewer-body').hidden = false;
  $('viewer-subtitle').textContent = id;
  $('tag-search').value = '';
  try {
    await Promise.all([viewer.open(id), tags.show(id)]);
  } catch (e) {
    reportError(e);
  }
}

function close() {
  current = null;
  viewer.stop();
  $('viewer-body').hidden = true;
  $('viewer-empty').hidden = false;
}

const browse = initBrowse({
  form: $('search'), tree: $('browse-tree'), status: $('browse-status'), prev: $('prev-page'),
  next: $('next-page'), pageInfo: $('page-info'), onOpen: open, onError: showMessage,
});

let reloadTimer = 0;
initUpload({
  input: $('file-input'), dropzone: $('dropzone'), list: $('upload-list'), summary: $('upload-summary'),
  overall: $('upload-overall'), counts: $('upload-counts'),
  onStored: () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => browse.reload(), 300);
  },
});

$('delete').addEventListener('click', () => {
  $('delete-text').textContent = `Instance ${current} will be removed from the server. This cannot be undone.`;
  $('delete-dialog').showModal();
});
$('delete-dialog').addEventListener('close', async () => {
  if ($('delete-dialog').returnValue !== 'delete' || !current) return;
  try {
    await request(instancePath(current), { method: 'DELETE' });
    close();
    browse.reload();
  } catch (e) {
    reportError(e);
  }
});

// A plain link cannot carry the Authorization header, so with a token the file goes through fetch.
$('download').addEventListener('click', async (ev) => {
  if (!token()) return;
  ev.preventDefault();
  try {
    const blob = await (await request($('download').getAttribute('href'))).blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${current}.dcm`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    reportError(e);
  }
});

// The server answers 401 when it needs a token (lightbox serve --auth required): ask for one,
// saying why the last one was refused; "Forget token" removes it from this tab.
function askToken(reason) {
  $('token-reason').textContent = reason || '';
  $('token-reason').hidden = !reason;
  $('token-forget').hidden = !token();
  if ($('token-dialog').open) return; // several requests failing at once: one dialog, keep typing
  $('token-input').value = '';
  $('token-dialog').showModal();
}

function tokenChanged() {
  $('token-button').textContent = token() ? 'API token ✓' : 'API token';
  checkHealth();
  browse.reload();
}

$('token-button').addEventListener('click', () => askToken(''));
document.addEventListener('lightbox:auth-required', (ev) => {
  const { reason, hadToken } = ev.detail || {};
  askToken(hadToken ? `The server refused the token: ${reason}` : 'This server needs an API token.');
});
$('token-dialog').addEventListener('close', () => {
  const choice = $('token-dialog').returnValue;
  if (choice === 'save' && $('token-input').value.trim()) {
    setToken($('token-input').value.trim());
    tokenChanged();
  } else if (choice === 'forget') {
    setToken('');
    tokenChanged();
  }
});

async function checkHealth() {
  const h = $('health');
  try {
    const body = await getJson('/health', { headers: authHeaders() });
    h.textContent = `server ${body.status}`;
    h.className = 'health ok';
  } catch (e) {
    h.textContent = `server unavailable: ${describe(e)}`;
    h.className = 'health bad';
  }
}

$('token-button').textContent = token() ? 'API token ✓' : 'API token';
checkHealth();
browse.reload();

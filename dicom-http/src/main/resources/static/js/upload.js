// Upload: one raw application/dicom POST per file (XMLHttpRequest, for upload progress events),
// two at a time, with a progress bar per file and one for the whole batch.

import { authHeaders, authRequired, problem, describe } from './api.js';

const CONCURRENCY = 2;

const OUTCOME = {
  stored: ['ok', 'stored'],
  'already-stored': ['ok', 'already stored'],
  replaced: ['ok', 'replaced'],
};

export function initUpload({ input, dropzone, list, summary, overall, counts, onStored }) {
  const batch = { files: [], loaded: new Map(), done: 0, failed: 0 };
  let queue = [];
  let running = 0;

  function totalBytes() {
    return batch.files.reduce((s, f) => s + f.size, 0) || 1;
  }

  function updateOverall() {
    const loaded = [...batch.loaded.values()].reduce((s, n) => s + n, 0);
    overall.value = Math.round((100 * loaded) / totalBytes());
    counts.textContent = `${batch.done} of ${batch.files.length} done`
      + (batch.failed ? `, ${batch.failed} failed` : '');
  }

  function row(file) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = file.name;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', `Upload of ${file.name}`);
    const result = document.createElement('span');
    result.className = 'result';
    result.textContent = 'waiting';
    li.append(name, bar, result);
    list.prepend(li);
    return { li, bar, result };
  }

  function finish(file, ui, kind, text) {
    ui.li.classList.add(kind);
    ui.result.textContent = text;
    ui.bar.value = 100;
    batch.loaded.set(file, file.size);
    batch.done += 1;
    if (kind === 'error' || kind === 'conflict') batch.failed += 1;
    updateOverall();
  }

  function send(file, ui) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/instances');
      xhr.setRequestHeader('Content-Type', 'application/dicom');
      for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
          ui.bar.value = Math.round((100 * e.loaded) / e.total);
          batch.loaded.set(file, e.loaded);
          updateOverall();
        }
      };
      xhr.onload = () => {
        if (xhr.status === 200 || xhr.status === 201) {
          let body = {};
          try { body = JSON.parse(xhr.responseText); } catch { /* shown as stored */ }
          const [kind, text] = OUTCOME[body.status] || ['ok', body.status || 'stored'];
          const warn = body.warnings && body.warnings.length ? ` (${body.warnings.length} warnings)` : '';
          finish(file, ui, kind, text + warn);
          onStored(body);
        } else {
          const err = problem(xhr.status, xhr.responseText, xhr.getResponseHeader('X-Request-Id'));
          if (xhr.status === 401) authRequired(err);
          finish(file, ui, xhr.status === 409 ? 'conflict' : 'error',
            xhr.status === 409 ? `conflict: ${err.detail}` : `error: ${describe(err)}`);
        }
        resolve();
      };
      xhr.onerror = () => {
        finish(file, ui, 'error', 'error: the server did not answer (network error)');
        resolve();
      };
      ui.result.textContent = 'uploading';
      xhr.send(file);
    });
  }

  function pump() {
    while (running < CONCURRENCY && queue.length) {
      const { file, ui } = queue.shift();
      running += 1;
      send(file, ui).then(() => {
        running -= 1;
        pump();
      });
    }
  }

  function add(files) {
    if (!files.length) return;
    if (batch.done === batch.files.length) {
      batch.files = [];
      batch.loaded.clear();
      batch.done = 0;
      batch.failed = 0;
    }
    summary.hidden = false;
    for (const file of files) {
      batch.files.push(file);
      batch.loaded.set(file, 0);
      queue.push({ file, ui: row(file) });
    }
    updateOverall();
    pump();
  }

  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';
  });
  dropzone.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropzone.classList.add('over');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropzone.classList.remove('over');
    add([...e.dataTransfer.files]);
  });
}

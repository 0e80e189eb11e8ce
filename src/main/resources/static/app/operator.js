// The operator page: the admin key (sessionStorage only), catalogue import with upload progress and
// rejected records, the embedding backfill with live progress, and the vector index.
import { admin, adminKey, upload, ApiError } from './api.js';
import { h, errorNotice, loading, setTitle, announce } from './ui.js';

export function operatorView(main) {
  setTitle('Operator');
  if (!adminKey.get()) {
    keyForm(main);
    return;
  }
  const stop = [];
  const content = h('div', { class: 'operator' },
    importPanel(),
    backfillPanel(stop),
    indexPanel());
  main.replaceChildren(
    h('div', { class: 'page-head' },
      h('h1', {}, 'Operator'),
      h('button', { type: 'button', class: 'button small', onclick: () => { adminKey.clear(); stop.forEach((f) => f()); operatorView(main); } }, 'Forget the admin key')),
    content);
  // polling ends when the view is left
  const leave = () => { stop.forEach((f) => f()); window.removeEventListener('hashchange', leave); };
  window.addEventListener('hashchange', leave);
}

function keyForm(main, message) {
  const input = h('input', { id: 'admin-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const feedback = h('div', { 'aria-live': 'assertive' }, message ? h('p', { class: 'notice error', role: 'alert' }, message) : null);
  const form = h('form', { class: 'key-form card-panel', onsubmit: async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      feedback.replaceChildren(h('p', { class: 'notice error', role: 'alert' }, 'Enter the admin key.'));
      return;
    }
    adminKey.set(key);
    try {
      // the embeddings status needs the key: a cheap way to check it before showing the page
      await admin('/actuator/embeddings');
      operatorView(main);
    } catch (error) {
      adminKey.clear();
      feedback.replaceChildren(errorNotice(error));
      input.focus();
    }
  } },
  h('label', { for: 'admin-key' }, 'Admin key'),
  h('p', { class: 'muted small', id: 'admin-key-hint' }, 'The service\'s ADMIN_API_KEY. It is kept in this browser tab only and forgotten when the tab closes.'),
  input,
  h('button', { type: 'submit', class: 'button primary' }, 'Continue'),
  feedback);
  input.setAttribute('aria-describedby', 'admin-key-hint');
  main.replaceChildren(h('h1', {}, 'Operator'), form);
  input.focus();
}

function panel(title, id, ...children) {
  return h('section', { class: 'card-panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function progressBar(label) {
  const fill = h('span', { class: 'bar-fill' });
  const text = h('span', { class: 'progress-text' }, '');
  const bar = h('div', { class: 'bar large', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, fill);
  return {
    element: h('div', { class: 'progress' }, bar, text),
    set(fraction, caption) {
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
      fill.style.width = `${percent}%`;
      bar.setAttribute('aria-valuenow', String(percent));
      bar.setAttribute('aria-valuetext', `${percent}%`);
      text.textContent = caption ?? `${percent}%`;
    },
  };
}

function importPanel() {
  const file = h('input', { id: 'import-file', type: 'file', accept: '.json,.ndjson,.jsonl,application/json,application/x-ndjson' });
  const progress = progressBar('Upload progress');
  progress.element.hidden = true;
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'button primary' }, 'Import');
  const form = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) {
      result.replaceChildren(h('p', { class: 'notice error', role: 'alert' }, 'Choose a JSON or NDJSON file first.'));
      return;
    }
    const ndjson = /\.(ndjson|jsonl)$/i.test(chosen.name);
    button.disabled = true;
    progress.element.hidden = false;
    progress.set(0, `Uploading ${chosen.name}…`);
    result.replaceChildren();
    try {
      const answer = await upload('/api/movies', chosen, ndjson ? 'application/x-ndjson' : 'application/json', (loaded, total) => {
        progress.set(loaded / total, `${formatSize(loaded)} of ${formatSize(total)} sent`);
      });
      progress.set(1, `${formatSize(chosen.size)} sent · imported`);
      result.replaceChildren(importSummary(answer));
      announce(`Import finished: ${answer.received} received, ${answer.rejected_count ?? answer.rejected.length} rejected.`);
    } catch (error) {
      progress.set(0, 'Upload failed');
      result.replaceChildren(errorNotice(error));
    } finally {
      button.disabled = false;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'Catalogue file (JSON array, YTS response or NDJSON)'), file),
  button);
  return panel('Import movies', 'import-heading',
    h('p', { class: 'muted small' }, 'Movies are upserted by external_id: importing the same file twice changes nothing. Bad records are rejected one by one and never stop the good ones.'),
    form, progress.element, result);
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function importSummary(answer) {
  const rejected = answer.rejected || [];
  const stat = (label, value) => h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value.toLocaleString('en')));
  return h('div', {},
    h('dl', { class: 'stats' }, stat('Received', answer.received), stat('Inserted', answer.inserted), stat('Updated', answer.updated),
      stat('Unchanged', answer.unchanged), stat('Rejected', answer.rejected_count ?? rejected.length)),
    rejected.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'table rejected' },
      h('caption', {}, 'Rejected records'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Record'), h('th', { scope: 'col' }, 'external_id'), h('th', { scope: 'col' }, 'Why'))),
      h('tbody', {}, rejected.map((r) => h('tr', {}, h('td', {}, r.index ?? '—'), h('td', {}, r.external_id ?? '—'), h('td', {}, r.error)))))) : null,
    answer.rejected_count > rejected.length ? h('p', { class: 'muted small' }, `Showing the first ${rejected.length} of ${answer.rejected_count} rejected records.`) : null,
    h('p', { class: 'muted small' }, 'New and changed movies need embeddings: start the backfill below.'));
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function backfillPanel(stop) {
  const progress = progressBar('Backfill progress');
  const state = h('span', { class: 'state' }, '…');
  const stats = h('dl', { class: 'stats' });
  const lastError = h('div', { 'aria-live': 'polite' });
  const feedback = h('div', { 'aria-live': 'polite' });
  const start = h('button', { type: 'button', class: 'button primary', onclick: () => act('POST', {}, 'Backfill started') }, 'Start backfill');
  const force = h('button', { type: 'button', class: 'button', onclick: () => {
    if (window.confirm('Re-embed every movie, even those already up to date?')) act('POST', { force: true }, 'Forced backfill started');
  } }, 'Re-embed everything');
  const cancel = h('button', { type: 'button', class: 'button danger', onclick: () => act('DELETE', undefined, 'Cancel requested') }, 'Cancel');
  let timer = null;
  let stopped = false;
  stop.push(() => { stopped = true; clearTimeout(timer); });

  async function act(method, body, message) {
    feedback.replaceChildren();
    try {
      render(await admin('/actuator/embeddings', { method, body }));
      feedback.replaceChildren(h('p', { class: 'notice success' }, message));
      schedule(300);
    } catch (error) {
      feedback.replaceChildren(errorNotice(error));
      refresh();
    }
  }

  function render(status) {
    const running = status.state === 'running';
    state.textContent = status.state;
    state.className = `state state-${status.state}`;
    const fraction = status.total > 0 ? status.processed / status.total : (status.state === 'completed' ? 1 : 0);
    progress.set(fraction, status.total > 0 ? `${status.processed.toLocaleString('en')} of ${status.total.toLocaleString('en')} movies · ${Math.floor(fraction * 100)}%` : (status.state === 'idle' ? 'No backfill has run yet' : `${Math.floor(fraction * 100)}%`));
    const stat = (label, value, wide) => h('div', { class: wide ? 'stat wide' : 'stat' }, h('dt', {}, label), h('dd', {}, value));
    stats.replaceChildren(
      stat('Embedded', status.succeeded.toLocaleString('en')),
      stat('Up to date', status.skipped.toLocaleString('en')),
      stat('Failed', status.failed.toLocaleString('en')),
      stat('Rate', `${status.rate_per_second} /s`),
      stat('ETA', running ? duration(status.eta_seconds) : '—'),
      stat('Model', status.model || '—', true));
    lastError.replaceChildren(status.last_error ? h('p', { class: 'notice error' }, h('strong', {}, 'Last error: '), status.last_error) : h('p', { class: 'muted small' }, 'No errors.'));
    start.disabled = running;
    force.disabled = running;
    cancel.disabled = !running;
    return running;
  }

  function schedule(delay) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refresh, delay);
  }

  async function refresh() {
    try {
      const running = render(await admin('/actuator/embeddings'));
      schedule(running ? 1000 : 5000);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) adminKey.clear();
      feedback.replaceChildren(errorNotice(error));
      schedule(5000);
    }
  }
  refresh();
  return panel('Embedding backfill', 'backfill-heading',
    h('p', { class: 'status-line' }, 'State: ', state),
    progress.element, stats, lastError,
    h('div', { class: 'form-row' }, start, force, cancel),
    feedback);
}

function indexPanel() {
  const body = h('div', {}, loading());
  const feedback = h('div', { 'aria-live': 'polite' });
  const rebuild = h('button', { type: 'button', class: 'button', onclick: async () => {
    rebuild.disabled = true;
    feedback.replaceChildren(loading('Rebuilding the index concurrently: searches keep working meanwhile…'));
    try {
      const report = await admin('/api/admin/index/rebuild', { method: 'POST' });
      feedback.replaceChildren(h('p', { class: `notice ${report.status === 'skipped' ? '' : 'success'}` }, report.detail || report.status));
      load();
    } catch (error) {
      feedback.replaceChildren(errorNotice(error));
    } finally {
      rebuild.disabled = false;
    }
  } }, 'Rebuild the index');
  function load() {
    admin('/api/admin/index').then((indexes) => body.replaceChildren(indexes.length
      ? h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, 'Vector indexes'),
        h('thead', {}, h('tr', {}, ['Name', 'Method', 'Operator class', 'Options', 'Valid', 'Size'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, indexes.map((i) => h('tr', {}, h('td', {}, i.name), h('td', {}, i.method), h('td', {}, i.opclass),
          h('td', {}, (i.options || []).join(', ') || '—'), h('td', {}, i.valid ? 'yes' : 'no (leftover of a failed build)'), h('td', {}, formatSize(i.size_bytes)))))))
      : h('p', { class: 'muted' }, 'No vector index yet: searches scan every vector until one is built.')))
      .catch((error) => body.replaceChildren(errorNotice(error, load)));
  }
  load();
  return panel('Vector index', 'index-heading', body, h('div', { class: 'form-row' }, rebuild), feedback);
}

// The map: every embedded movie as a point of the service's 2-D projection, drawn on one canvas (36,000
// DOM or SVG nodes would not stay smooth), coloured by genre. Hover shows a title (grid lookup), click
// selects a movie and highlights its nearest neighbours, double-click or Enter opens it.
import { get, query } from './api.js';
import { h, errorNotice, emptyNotice, loading, setTitle, announce } from './ui.js';

const COLOURS = ['#f5b942', '#5ec8f2', '#ef6f6c', '#7bd389', '#b18cf2', '#f29e4c', '#4fd1c5', '#f783ac', '#c4d96b', '#8aa4ff', '#e0c097', '#d4d4d8',
  '#ff9f9f', '#9ff0ff', '#ffe08a', '#c2a3ff', '#9fe6a0', '#ffb86b', '#7ee0d0', '#f5a3c7'];
const OTHER = '#6b7280';
const CELLS = 128;
const PAD = 12;

export function mapView(main, selectedId) {
  setTitle('Map');
  const started = performance.now();
  const status = h('div', { class: 'map-status' }, loading('Loading the map…'));
  main.replaceChildren(
    h('h1', {}, 'The catalogue map'),
    h('p', { class: 'lead' }, 'Each dot is a movie, placed by its meaning: the two main directions of the catalogue\'s embedding space. Movies close together are alike. Hover for a title, click to see its nearest neighbours, double-click to open it.'),
    status);
  let attempts = 0;
  const load = () => get('/api/map').then((answer) => {
    if (answer.status === 'computing') {
      attempts++;
      status.replaceChildren(loading(`The service is computing the map… (${attempts}s)`));
      if (attempts < 300 && main.contains(status)) setTimeout(load, 1000);
      return;
    }
    if (!answer.count) {
      status.replaceChildren(emptyNotice('No movie has an embedding yet: run the backfill on the ', h('a', { href: '#/operator' }, 'operator page'), '.'));
      return;
    }
    status.remove();
    buildMap(main, answer, started, selectedId);
  }).catch((error) => status.replaceChildren(errorNotice(error, load)));
  load();
}

function buildMap(main, data, started, selectedId) {
  const n = data.count;
  const grid = data.grid;
  const genreNames = data.genres;
  const colourOf = (g) => (g === genreNames.length - 1 ? OTHER : COLOURS[g % COLOURS.length]);
  const indexById = new Map();
  for (let i = 0; i < n; i++) indexById.set(data.ids[i], i);

  // points of each genre, drawn in one fillStyle each
  const byGenre = genreNames.map(() => []);
  for (let i = 0; i < n; i++) byGenre[data.genre[i]].push(i);
  const hidden = new Set();

  // spatial grid in data space for hover lookups: points sorted by cell (counting sort), one offset per cell
  const cellSize = grid / CELLS;
  const cellOf = new Int32Array(n);
  const cellStart = new Int32Array(CELLS * CELLS + 1);
  for (let i = 0; i < n; i++) {
    const key = Math.min(CELLS - 1, Math.floor(data.x[i] / cellSize)) * CELLS + Math.min(CELLS - 1, Math.floor(data.y[i] / cellSize));
    cellOf[i] = key;
    cellStart[key + 1]++;
  }
  for (let c = 0; c < CELLS * CELLS; c++) cellStart[c + 1] += cellStart[c];
  const cellPoints = new Int32Array(n);
  const fill = cellStart.slice(0, CELLS * CELLS);
  for (let i = 0; i < n; i++) cellPoints[fill[cellOf[i]]++] = i;

  const canvas = h('canvas', { class: 'map-canvas', role: 'img', 'aria-label': `Map of ${n.toLocaleString('en')} movies coloured by genre. Use the search beside it to select a movie with the keyboard.` });
  const tooltip = h('div', { class: 'map-tooltip', hidden: true, 'aria-hidden': 'true' });
  const zoomIn = h('button', { type: 'button', class: 'button small', onclick: () => zoomBy(1.6) }, 'Zoom in');
  const zoomOut = h('button', { type: 'button', class: 'button small', onclick: () => zoomBy(1 / 1.6) }, 'Zoom out');
  const reset = h('button', { type: 'button', class: 'button small', onclick: () => { view = { scale: 1, tx: 0, ty: 0 }; draw(); } }, 'Reset view');
  const stage = h('div', { class: 'map-stage' }, canvas, tooltip, h('div', { class: 'map-tools' }, zoomIn, zoomOut, reset));

  const finder = h('input', { id: 'map-find', type: 'search', autocomplete: 'off', placeholder: 'Title…', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'map-find-results', 'aria-autocomplete': 'list' });
  const finderResults = h('ul', { id: 'map-find-results', class: 'search-results inline', role: 'listbox', 'aria-label': 'Movies on the map', hidden: true });
  const selection = h('div', { class: 'map-selection', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'No movie selected.'));
  const legend = h('ul', { class: 'legend', 'aria-label': 'Genres: press to show or hide' }, genreNames.map((name, g) => {
    const button = h('button', { type: 'button', class: 'legend-item', 'aria-pressed': 'true' },
      h('span', { class: 'swatch', style: { background: colourOf(g) } }), name, h('span', { class: 'muted' }, ` ${byGenre[g].length.toLocaleString('en')}`));
    button.addEventListener('click', () => {
      if (hidden.has(g)) hidden.delete(g); else hidden.add(g);
      button.setAttribute('aria-pressed', String(!hidden.has(g)));
      draw();
    });
    return h('li', {}, button);
  }));
  const side = h('aside', { class: 'map-side', 'aria-label': 'Map controls' },
    h('div', { class: 'field' }, h('label', { for: 'map-find' }, 'Find a movie on the map'), h('div', { class: 'search' }, finder, finderResults)),
    h('h2', {}, 'Selected'), selection,
    h('h2', {}, 'Genres'), legend,
    h('p', { class: 'muted small' }, `${n.toLocaleString('en')} movies · model ${data.model}${data.status === 'refreshing' ? ' · a newer map is being computed' : ''}`));
  main.append(h('div', { class: 'map-layout' }, stage, side));

  let view = { scale: 1, tx: 0, ty: 0 };
  let width = 0;
  let height = 0;
  let selected = -1;
  let neighbours = [];
  let hovered = -1;
  const context = canvas.getContext('2d');

  function resize() {
    const rect = stage.getBoundingClientRect();
    width = Math.max(280, rect.width);
    height = Math.max(320, Math.min(window.innerHeight * 0.72, width * 0.8));
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw();
  }

  const toScreenX = (x) => PAD + (x / grid) * (width - 2 * PAD) * view.scale + view.tx;
  const toScreenY = (y) => height - PAD - (y / grid) * (height - 2 * PAD) * view.scale + view.ty;
  const toDataX = (px) => ((px - PAD - view.tx) / ((width - 2 * PAD) * view.scale)) * grid;
  const toDataY = (py) => ((height - PAD - py + view.ty) / ((height - 2 * PAD) * view.scale)) * grid;

  let pending = false;
  function draw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(paint);
  }

  function paint() {
    pending = false;
    context.fillStyle = '#0b0d12';
    context.fillRect(0, 0, width, height);
    // dots sized to the density: large for a few hundred movies, ~2 px for 36,000, growing as you zoom in
    const base = Math.max(1.6, Math.min(7, 0.35 * Math.sqrt((width * height) / n)));
    const size = Math.min(base * 3, base * Math.sqrt(view.scale));
    const half = size / 2;
    const dim = selected >= 0;
    context.globalAlpha = dim ? 0.35 : 0.8;
    for (let g = 0; g < byGenre.length; g++) {
      if (hidden.has(g)) continue;
      context.fillStyle = colourOf(g);
      // round dots while they are few and large; squares (much faster) when they are tiny
      const round = size >= 3 && n < 20000;
      if (round) context.beginPath();
      for (const i of byGenre[g]) {
        const sx = toScreenX(data.x[i]);
        const sy = toScreenY(data.y[i]);
        if (sx < -half || sy < -half || sx > width + half || sy > height + half) continue;
        if (round) {
          context.moveTo(sx + half, sy);
          context.arc(sx, sy, half, 0, Math.PI * 2);
        } else {
          context.fillRect(sx - half, sy - half, size, size);
        }
      }
      if (round) context.fill();
    }
    context.globalAlpha = 1;
    if (selected >= 0) {
      const sx = toScreenX(data.x[selected]);
      const sy = toScreenY(data.y[selected]);
      context.strokeStyle = 'rgba(255,255,255,0.55)';
      context.lineWidth = 1;
      for (const i of neighbours) {
        context.beginPath();
        context.moveTo(sx, sy);
        context.lineTo(toScreenX(data.x[i]), toScreenY(data.y[i]));
        context.stroke();
      }
      for (const i of neighbours) ring(i, 5, '#ffffff', colourOf(data.genre[i]));
      ring(selected, 8, '#f5b942', '#f5b942');
    }
    if (hovered >= 0) ring(hovered, 6, '#ffffff', null);
    if (!canvas.dataset.drawnMs) {
      canvas.dataset.drawnMs = String(Math.round(performance.now() - started));
      window.__mapDrawnMs = Number(canvas.dataset.drawnMs);
      window.__mapDrawnAt = performance.now();
      announce(`Map drawn: ${n.toLocaleString('en')} movies.`);
    }
  }

  function ring(i, radius, stroke, fill) {
    const sx = toScreenX(data.x[i]);
    const sy = toScreenY(data.y[i]);
    context.beginPath();
    context.arc(sx, sy, radius, 0, Math.PI * 2);
    if (fill) {
      context.fillStyle = fill;
      context.fill();
    }
    context.lineWidth = 2;
    context.strokeStyle = stroke;
    context.stroke();
  }

  function nearest(px, py, maxPixels = 8) {
    const dx = toDataX(px);
    const dy = toDataY(py);
    const perPixel = grid / ((width - 2 * PAD) * view.scale);
    const reach = maxPixels * perPixel;
    const c0 = Math.floor((dx - reach) / cellSize);
    const c1 = Math.floor((dx + reach) / cellSize);
    const r0 = Math.floor((dy - reach * (width / height)) / cellSize);
    const r1 = Math.floor((dy + reach * (width / height)) / cellSize);
    let best = -1;
    let bestDistance = maxPixels * maxPixels;
    for (let c = Math.max(0, c0); c <= Math.min(CELLS - 1, c1); c++) {
      for (let r = Math.max(0, r0); r <= Math.min(CELLS - 1, r1); r++) {
        const key = c * CELLS + r;
        for (let k = cellStart[key]; k < cellStart[key + 1]; k++) {
          const i = cellPoints[k];
          if (hidden.has(data.genre[i])) continue;
          const ex = toScreenX(data.x[i]) - px;
          const ey = toScreenY(data.y[i]) - py;
          const d = ex * ex + ey * ey;
          if (d <= bestDistance) {
            bestDistance = d;
            best = i;
          }
        }
      }
    }
    return best;
  }

  function label(i) {
    return data.years[i] ? `${data.titles[i]} (${data.years[i]})` : data.titles[i];
  }

  function showTooltip(i, px, py) {
    if (i < 0) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = label(i);
    tooltip.hidden = false;
    const left = Math.min(px + 14, width - tooltip.offsetWidth - 4);
    tooltip.style.transform = `translate(${Math.max(4, left)}px, ${Math.max(4, py - 34)}px)`;
  }

  function zoomBy(factor, px = width / 2, py = height / 2) {
    const scale = Math.max(1, Math.min(64, view.scale * factor));
    const applied = scale / view.scale;
    view = { scale, tx: px - PAD - (px - PAD - view.tx) * applied, ty: py - (height - PAD) - (py - (height - PAD) - view.ty) * applied };
    if (scale === 1) view = { scale: 1, tx: 0, ty: 0 };
    draw();
  }

  let drag = null;
  canvas.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, tx: view.tx, ty: view.ty, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    if (drag && (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 4 || drag.moved)) {
      drag.moved = true;
      view = { ...view, tx: drag.tx + event.clientX - drag.x, ty: drag.ty + event.clientY - drag.y };
      draw();
      return;
    }
    const i = nearest(px, py);
    if (i !== hovered) {
      hovered = i;
      canvas.style.cursor = i >= 0 ? 'pointer' : 'grab';
      draw();
    }
    showTooltip(i, px, py);
  });
  canvas.addEventListener('pointerup', (event) => {
    const wasDrag = drag && drag.moved;
    drag = null;
    if (wasDrag) return;
    const rect = canvas.getBoundingClientRect();
    const i = nearest(event.clientX - rect.left, event.clientY - rect.top);
    if (i >= 0) select(i);
  });
  canvas.addEventListener('pointerleave', () => {
    hovered = -1;
    tooltip.hidden = true;
    draw();
  });
  canvas.addEventListener('dblclick', (event) => {
    const rect = canvas.getBoundingClientRect();
    const i = nearest(event.clientX - rect.left, event.clientY - rect.top);
    if (i >= 0) location.hash = `#/movie/${data.ids[i]}`;
  });
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const rect = canvas.getBoundingClientRect();
    zoomBy(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  let neighbourRequest = null;
  function select(i) {
    selected = i;
    neighbours = [];
    draw();
    const id = data.ids[i];
    const open = h('a', { class: 'button primary small', href: `#/movie/${id}` }, `Open ${data.titles[i]}`);
    const list = h('div', {}, loading('Finding its nearest neighbours…'));
    selection.replaceChildren(h('p', { class: 'selected-title' }, h('span', { class: 'swatch', style: { background: colourOf(data.genre[i]) } }), label(i)), open, list);
    neighbourRequest?.abort();
    neighbourRequest = new AbortController();
    get(`/api/recommendations/movie/${id}${query({ limit: 10, ranking: 'similarity' })}`, neighbourRequest.signal).then((answer) => {
      neighbours = answer.movies.map((m) => indexById.get(m.id)).filter((x) => x !== undefined);
      list.replaceChildren(h('p', { class: 'muted small' }, 'Nearest neighbours, highlighted on the map:'),
        h('ol', { class: 'neighbours' }, answer.movies.map((m) => h('li', {}, h('a', { href: `#/movie/${m.id}` }, m.title),
          h('span', { class: 'muted' }, ` ${Math.round(Math.max(0, m.similarity_score) * 100)}%`)))));
      draw();
      announce(`${data.titles[i]} selected, ${neighbours.length} neighbours highlighted.`);
    }).catch((error) => {
      if (error.name !== 'AbortError') list.replaceChildren(errorNotice(error));
    });
  }

  // keyboard and screen-reader route to the same selection
  let matches = [];
  let active = -1;
  function renderMatches() {
    finderResults.replaceChildren(...matches.map((i, k) => h('li', { role: 'option', id: `map-opt-${k}`, 'aria-selected': String(k === active), onmousedown: (e) => { e.preventDefault(); choose(k); } }, label(i))));
    finderResults.hidden = !matches.length;
    finder.setAttribute('aria-expanded', String(matches.length > 0));
    if (active >= 0) finder.setAttribute('aria-activedescendant', `map-opt-${active}`); else finder.removeAttribute('aria-activedescendant');
  }
  function choose(k) {
    const i = matches[k];
    matches = [];
    active = -1;
    renderMatches();
    finder.value = data.titles[i];
    select(i);
  }
  finder.addEventListener('input', () => {
    const text = finder.value.trim().toLowerCase();
    matches = [];
    active = -1;
    if (text.length >= 2) {
      for (let i = 0; i < n && matches.length < 8; i++) if (data.titles[i].toLowerCase().startsWith(text)) matches.push(i);
      for (let i = 0; i < n && matches.length < 8; i++) if (!matches.includes(i) && data.titles[i].toLowerCase().includes(text)) matches.push(i);
    }
    renderMatches();
  });
  finder.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && matches.length) { active = (active + 1) % matches.length; renderMatches(); event.preventDefault(); }
    else if (event.key === 'ArrowUp' && matches.length) { active = (active - 1 + matches.length) % matches.length; renderMatches(); event.preventDefault(); }
    else if (event.key === 'Enter' && matches.length) { choose(Math.max(0, active)); event.preventDefault(); }
    else if (event.key === 'Escape') { matches = []; renderMatches(); }
  });

  // where a movie's dot is, in CSS pixels from the canvas's top left: for the browser tests and the benchmark
  canvas.positionOf = (id) => {
    const i = indexById.get(Number(id));
    return i === undefined ? null : { x: toScreenX(data.x[i]), y: toScreenY(data.y[i]) };
  };

  const observer = new ResizeObserver(() => resize());
  observer.observe(stage);
  resize();
  if (selectedId !== undefined && indexById.has(Number(selectedId))) select(indexById.get(Number(selectedId)));
}

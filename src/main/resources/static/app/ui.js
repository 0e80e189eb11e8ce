// Small DOM helpers and the pieces every view shares: posters, movie cards, taste buttons, notices.

/** Creates an element: h('a', {href: '#'}, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svgIcon(name) {
  const paths = {
    up: 'M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.6-8A2 2 0 0 0 18.8 9H14l.8-4.2A1.7 1.7 0 0 0 13.1 3L8 9.5z',
    down: 'M22 14h-4V3h4zM16 3H6.8a2 2 0 0 0-2 1.6l-1.6 8A2 2 0 0 0 5.2 15H10l-.8 4.2a1.7 1.7 0 0 0 1.7 1.8L16 14.5z',
    x: 'M6 6l12 12M18 6L6 18',
  };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', paths[name]);
  if (name === 'x') {
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2.5');
    path.setAttribute('fill', 'none');
  } else {
    path.setAttribute('fill', 'currentColor');
  }
  svg.append(path);
  return svg;
}

export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  requestAnimationFrame(() => { announcer.textContent = message; });
}

/** A readable error in place of content that could not be loaded: never a blank area. */
export function errorNotice(error, retry) {
  const message = error && error.message ? error.message : String(error);
  return h('div', { class: 'notice error', role: 'alert' },
    h('strong', {}, 'Something went wrong. '), message,
    retry ? h('button', { type: 'button', class: 'button small', onclick: retry }, 'Try again') : null);
}

export function emptyNotice(text, ...extra) {
  return h('p', { class: 'notice' }, text, ...extra);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

// --- posters

function hash(text) {
  let value = 2166136261;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 16777619);
  }
  return value >>> 0;
}

/** The catalogue's cover, or a placeholder drawn from the title when there is none (or it fails). */
export function poster(movie, size = 'medium') {
  const seed = hash(`${movie.title}${movie.year || ''}`);
  const hue = seed % 360;
  const hue2 = (hue + 40 + (seed >> 9) % 80) % 360;
  const placeholder = h('div', {
    class: 'poster placeholder',
    style: { background: `linear-gradient(160deg, hsl(${hue} 45% 30%), hsl(${hue2} 50% 16%))` },
    'aria-hidden': 'true',
    dataset: { initial: (movie.title || '?').replace(/^(the|a|an|le|la|les|il|der|die|das|el)\s+/i, '').charAt(0).toUpperCase() },
  }, h('span', { class: 'poster-title' }, movie.title), movie.year ? h('span', { class: 'poster-year' }, movie.year) : null);
  const url = size === 'large' ? (movie.large_cover_image || movie.medium_cover_image)
    : (movie.medium_cover_image || movie.small_cover_image);
  if (!url) return placeholder;
  const image = h('img', { class: 'poster', src: url, alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' });
  image.addEventListener('error', () => image.replaceWith(placeholder), { once: true });
  return image;
}

// --- your taste: liked and disliked movies kept in localStorage

const TASTE_KEY = 'movies.taste';
const listeners = new Set();

function readTaste() {
  try {
    const stored = JSON.parse(localStorage.getItem(TASTE_KEY));
    if (stored && Array.isArray(stored.liked) && Array.isArray(stored.disliked)) return stored;
  } catch {
    // corrupted storage: start again
  }
  return { liked: [], disliked: [] };
}

export const taste = {
  all: readTaste,
  opinion(id) {
    const { liked, disliked } = readTaste();
    if (liked.some((m) => m.id === id)) return 'liked';
    if (disliked.some((m) => m.id === id)) return 'disliked';
    return null;
  },
  set(movie, opinion) {
    const stored = readTaste();
    const summary = { id: movie.id, title: movie.title, year: movie.year, genres: movie.genres || [], cast: (movie.cast || []).slice(0, 6).map((c) => c.name) };
    stored.liked = stored.liked.filter((m) => m.id !== movie.id);
    stored.disliked = stored.disliked.filter((m) => m.id !== movie.id);
    if (opinion === 'liked') stored.liked.push(summary);
    if (opinion === 'disliked') stored.disliked.push(summary);
    localStorage.setItem(TASTE_KEY, JSON.stringify(stored));
    listeners.forEach((listener) => listener(stored));
  },
  clear() {
    localStorage.setItem(TASTE_KEY, JSON.stringify({ liked: [], disliked: [] }));
    listeners.forEach((listener) => listener(readTaste()));
  },
  onChange(listener) {
    listeners.add(listener);
  },
};

/** Like / dislike toggles for one movie; every copy on the page follows the basket. */
export function tasteButtons(movie) {
  const like = h('button', { type: 'button', class: 'taste-button like', dataset: { movie: movie.id, opinion: 'liked' } },
    svgIcon('up'), h('span', { class: 'visually-hidden' }, `Like ${movie.title}`));
  const dislike = h('button', { type: 'button', class: 'taste-button dislike', dataset: { movie: movie.id, opinion: 'disliked' } },
    svgIcon('down'), h('span', { class: 'visually-hidden' }, `Dislike ${movie.title}`));
  const group = h('div', { class: 'taste-buttons' }, like, dislike);
  const sync = () => {
    const opinion = taste.opinion(movie.id);
    like.setAttribute('aria-pressed', String(opinion === 'liked'));
    dislike.setAttribute('aria-pressed', String(opinion === 'disliked'));
  };
  for (const button of [like, dislike]) {
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      const wanted = button.dataset.opinion;
      const next = taste.opinion(movie.id) === wanted ? null : wanted;
      taste.set(movie, next);
      announce(next ? `${movie.title} ${next === 'liked' ? 'liked' : 'disliked'}. ${basketSize()} in your taste basket.` : `${movie.title} removed from your taste basket.`);
    });
  }
  sync();
  group.sync = sync;
  return group;
}

function basketSize() {
  const { liked, disliked } = readTaste();
  const n = liked.length + disliked.length;
  return `${n} movie${n === 1 ? '' : 's'}`;
}

// keep every set of buttons on the page in step with the basket
taste.onChange(() => document.querySelectorAll('.taste-buttons').forEach((group) => group.sync && group.sync()));

export function movieLink(movie) {
  return `#/movie/${movie.id}`;
}

export function metaLine(movie) {
  const parts = [];
  if (movie.year) parts.push(String(movie.year));
  if (movie.rating !== null && movie.rating !== undefined) parts.push(`★ ${Number(movie.rating).toFixed(1)}`);
  if (movie.runtime) parts.push(`${movie.runtime} min`);
  return parts.join(' · ');
}

/** A poster card for rows and grids. */
export function movieCard(movie) {
  return h('li', { class: 'card' },
    h('a', { class: 'card-link', href: movieLink(movie) },
      poster(movie),
      h('span', { class: 'card-title' }, movie.title),
      h('span', { class: 'card-meta' }, metaLine(movie))),
    tasteButtons(movie));
}

export function cardRow(movies, label) {
  return h('ul', { class: 'card-row', 'aria-label': label }, movies.map(movieCard));
}

export function cardGrid(movies, label) {
  return h('ul', { class: 'card-grid', 'aria-label': label }, movies.map(movieCard));
}

export function genreChips(genres, { link = true } = {}) {
  return h('ul', { class: 'chips', 'aria-label': 'Genres' },
    (genres || []).map((g) => h('li', {}, link ? h('a', { class: 'chip', href: `#/genre/${encodeURIComponent(g)}` }, g) : h('span', { class: 'chip' }, g))));
}

export function languageName(code) {
  if (!code) return null;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

export function setTitle(text) {
  document.title = text ? `${text} · Movie Recommender` : 'Movie Recommender';
}

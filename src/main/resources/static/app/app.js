// The page's router (hash routes, so every view is a bookmarkable link without server routes) and the
// header's search box, which answers as you type.
import { get, query } from './api.js';
import { h, taste, errorNotice, metaLine } from './ui.js';
import { homeView, genreView } from './home.js';
import { movieView } from './movie.js';
import { describeView } from './describe.js';
import { tasteView } from './taste.js';
import { mapView } from './map.js';
import { operatorView } from './operator.js';

const main = document.getElementById('main');

const routes = [
  [/^#?\/?$/, () => homeView(main), 'home'],
  [/^#\/movie\/(\d+)$/, (id) => movieView(main, id), null],
  [/^#\/genre\/(.+)$/, (name) => genreView(main, decodeURIComponent(name)), 'home'],
  [/^#\/describe$/, () => describeView(main), 'describe'],
  [/^#\/taste$/, () => tasteView(main), 'taste'],
  [/^#\/map(?:\/(\d+))?$/, (id) => mapView(main, id), 'map'],
  [/^#\/operator$/, () => operatorView(main), 'operator'],
];

function route() {
  const hash = location.hash || '#/';
  for (const [pattern, view, nav] of routes) {
    const match = hash.match(pattern);
    if (match) {
      document.querySelectorAll('[data-nav]').forEach((link) => {
        if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
      });
      view(...match.slice(1));
      window.scrollTo(0, 0);
      return;
    }
  }
  main.replaceChildren(h('h1', {}, 'Page not found'), h('p', {}, 'There is nothing at this address. ', h('a', { href: '#/' }, 'Back to Discover')));
}

// --- taste badge

const badge = document.getElementById('taste-count');
function updateBadge() {
  const { liked, disliked } = taste.all();
  badge.textContent = String(liked.length + disliked.length);
}
taste.onChange(updateBadge);
window.addEventListener('storage', updateBadge);
updateBadge();

// --- search as you type (ARIA combobox)

const input = document.getElementById('search-input');
const list = document.getElementById('search-results');
let suggestions = [];
let active = -1;
let pending = null;
let timer = null;

function renderSuggestions(content) {
  list.replaceChildren(...content);
  const open = content.length > 0;
  list.hidden = !open;
  input.setAttribute('aria-expanded', String(open));
  if (active >= 0) input.setAttribute('aria-activedescendant', `suggestion-${active}`); else input.removeAttribute('aria-activedescendant');
}

function showSuggestions() {
  if (!suggestions.length) {
    renderSuggestions([h('li', { class: 'search-empty', role: 'option', 'aria-disabled': 'true' }, `No movie matches “${input.value.trim()}”`)]);
    return;
  }
  renderSuggestions(suggestions.map((movie, k) => h('li', {
    id: `suggestion-${k}`, role: 'option', class: 'suggestion', 'aria-selected': String(k === active),
    onmousedown: (event) => { event.preventDefault(); open(k); },
  }, h('span', { class: 'suggestion-title' }, movie.title), h('span', { class: 'suggestion-meta' }, [metaLine(movie), (movie.genres || []).slice(0, 2).join(', ')].filter(Boolean).join(' · ')))));
}

function open(k) {
  const movie = suggestions[k];
  close();
  input.value = '';
  location.hash = `#/movie/${movie.id}`;
}

function close() {
  suggestions = [];
  active = -1;
  renderSuggestions([]);
}

input.addEventListener('input', () => {
  clearTimeout(timer);
  const text = input.value.trim();
  if (!text) {
    pending?.abort();
    close();
    return;
  }
  timer = setTimeout(() => {
    pending?.abort();
    pending = new AbortController();
    const started = performance.now();
    get(`/api/search${query({ query: text, limit: 8 })}`, pending.signal).then((answer) => {
      suggestions = answer.movies;
      active = -1;
      showSuggestions();
      window.__lastSuggestionMs = performance.now() - started;
    }).catch((error) => {
      if (error.name === 'AbortError') return;
      suggestions = [];
      renderSuggestions([h('li', { class: 'search-empty', role: 'option', 'aria-disabled': 'true' }, errorNotice(error))]);
    });
  }, 120);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' && suggestions.length) {
    active = (active + 1) % suggestions.length;
    showSuggestions();
    event.preventDefault();
  } else if (event.key === 'ArrowUp' && suggestions.length) {
    active = (active - 1 + suggestions.length) % suggestions.length;
    showSuggestions();
    event.preventDefault();
  } else if (event.key === 'Enter' && suggestions.length) {
    open(Math.max(0, active));
    event.preventDefault();
  } else if (event.key === 'Escape') {
    close();
  }
});
input.addEventListener('blur', () => setTimeout(close, 150));

window.addEventListener('hashchange', route);
route();

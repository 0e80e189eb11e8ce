// One movie: every field, then "more like this" with similarity bars, reasons, metric, filters and diversity.
import { get, query } from './api.js';
import { h, poster, tasteButtons, genreChips, errorNotice, loading, emptyNotice, setTitle, languageName, metaLine, movieLink } from './ui.js';
import { filterControls, resultList } from './recommend.js';

function fact(term, value) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value));
}

function formatBytes(size) {
  if (typeof size === 'number') {
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = size;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
  }
  return size || '';
}

function torrentsTable(movie) {
  const torrents = movie.torrents || [];
  if (!torrents.length) return h('p', { class: 'muted' }, 'No torrents listed for this movie.');
  return h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, `Torrents of ${movie.title}`),
    h('thead', {}, h('tr', {}, ['Quality', 'Type', 'Size', 'Seeds', 'Peers'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, torrents.map((t) => h('tr', {},
      h('td', {}, t.quality || '—'), h('td', {}, t.type || '—'), h('td', {}, t.size || formatBytes(t.size_bytes) || '—'),
      h('td', {}, t.seeds ?? '—'), h('td', {}, t.peers ?? '—'))))));
}

export function movieView(main, id) {
  main.replaceChildren(loading('Loading the movie…'));
  const load = () => get(`/api/movies/${encodeURIComponent(id)}`).then((movie) => render(main, movie))
    .catch((error) => {
      setTitle('Movie not found');
      main.replaceChildren(h('h1', {}, 'This movie could not be shown'), errorNotice(error, load), h('p', {}, h('a', { href: '#/' }, 'Back to Discover')));
    });
  load();
}

function render(main, movie) {
  setTitle(movie.title);
  const original = movie.title_english && movie.title_english !== movie.title ? movie.title_english : null;
  const description = [movie.description_intro, movie.description_full].filter(Boolean)
    .reduce((text, part) => (text.includes(part) ? text : (part.includes(text) ? part : `${text} ${part}`)), '');
  const cast = movie.cast || [];
  const torrentsCount = movie.torrents_count ?? (movie.torrents ? movie.torrents.length : null);
  const details = h('article', { class: 'movie', 'aria-labelledby': 'movie-title' },
    h('div', { class: 'movie-poster' }, poster(movie, 'large')),
    h('div', { class: 'movie-info' },
      h('h1', { id: 'movie-title' }, movie.title),
      original ? h('p', { class: 'original-title' }, original) : null,
      h('p', { class: 'movie-meta' }, metaLine(movie)),
      genreChips(movie.genres),
      h('div', { class: 'movie-actions' },
        tasteButtons(movie),
        h('a', { class: 'button small', href: `#/map/${movie.id}` }, 'Show on the map'),
        movie.yt_trailer_code ? h('a', { class: 'button small', href: `https://www.youtube.com/watch?v=${encodeURIComponent(movie.yt_trailer_code)}`, rel: 'noopener noreferrer', target: '_blank' }, 'Watch the trailer') : null),
      description ? h('p', { class: 'description' }, description) : h('p', { class: 'muted' }, 'No description in the catalogue.'),
      h('dl', { class: 'facts' },
        fact('Year', movie.year),
        fact('Rating', movie.rating !== null && movie.rating !== undefined ? `${Number(movie.rating).toFixed(1)} / 10` : null),
        fact('Runtime', movie.runtime ? `${movie.runtime} minutes` : null),
        fact('Language', languageName(movie.language)),
        fact('Likes', movie.like_count ? movie.like_count.toLocaleString('en') : null),
        fact('Downloads', movie.download_count ? movie.download_count.toLocaleString('en') : null),
        fact('IMDb', movie.imdb_code ? h('a', { href: `https://www.imdb.com/title/${encodeURIComponent(movie.imdb_code)}/`, rel: 'noopener noreferrer', target: '_blank' }, movie.imdb_code) : null),
        fact('Torrents', torrentsCount ?? null)),
      cast.length ? h('section', { class: 'cast', 'aria-labelledby': 'cast-heading' },
        h('h2', { id: 'cast-heading' }, 'Cast'),
        h('ul', {}, cast.map((c) => h('li', {}, h('span', { class: 'cast-name' }, c.name), c.character_name ? h('span', { class: 'cast-role' }, ` as ${c.character_name}`) : null)))) : null,
      h('section', { class: 'torrents', 'aria-labelledby': 'torrents-heading' }, h('h2', { id: 'torrents-heading' }, 'Torrents'), torrentsTable(movie))));

  const results = h('div', { class: 'results-area', 'aria-live': 'polite' });
  const controls = filterControls(() => loadSimilar());
  const similar = h('section', { class: 'section similar', 'aria-labelledby': 'similar-heading' },
    h('h2', { id: 'similar-heading' }, 'More like this'),
    h('div', { class: 'recommender' }, controls.element, results));
  main.replaceChildren(h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Discover'), ' / ', movie.title), details, similar);

  let current = null;
  function loadSimilar() {
    current?.abort();
    current = new AbortController();
    const signal = current.signal;
    results.replaceChildren(loading('Finding similar movies…'));
    get(`/api/recommendations/movie/${movie.id}${query({ limit: 12, explain: true, ...controls.values() })}`, signal)
      .then((answer) => results.replaceChildren(answer.movies.length
        ? resultList(answer, { base: movie, label: `Movies like ${movie.title}` })
        : emptyNotice('No movie matches these filters. Loosen them to see more.')))
      .catch((error) => {
        if (error.name !== 'AbortError') results.replaceChildren(errorNotice(error, loadSimilar));
      });
  }
  loadSimilar();
  main.focus({ preventScroll: true });
}

export { movieLink };

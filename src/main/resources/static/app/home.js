// Discover: trending and top-rated rows, the catalogue's genres, and one genre's movies.
import { get, query } from './api.js';
import { h, cardRow, cardGrid, errorNotice, emptyNotice, loading, setTitle } from './ui.js';
import { catalogueGenres } from './recommend.js';

function section(title, id, load, render) {
  const body = h('div', { class: 'section-body' }, loading());
  const element = h('section', { class: 'section', 'aria-labelledby': id }, h('h2', { id }, title), body);
  const run = () => {
    body.replaceChildren(loading());
    load().then((data) => body.replaceChildren(render(data))).catch((error) => body.replaceChildren(errorNotice(error, run)));
  };
  run();
  return element;
}

export function homeView(main) {
  setTitle('');
  main.replaceChildren(
    h('section', { class: 'hero' },
      h('h1', {}, 'Find your next movie'),
      h('p', { class: 'lead' }, 'Search as you type, open a movie to see what is like it and why, describe a film in your own words, or like a few and let your taste decide.'),
      h('div', { class: 'hero-actions' },
        h('a', { class: 'button primary', href: '#/describe' }, 'Describe a movie'),
        h('a', { class: 'button', href: '#/map' }, 'Explore the map'))),
    section('Trending', 'trending-heading', () => get(`/api/trending${query({ limit: 18, min_year: 1900 })}`),
      (answer) => (answer.movies.length ? cardRow(answer.movies, 'Trending movies') : emptyNotice('No movies yet: an operator can import a catalogue on the ', h('a', { href: '#/operator' }, 'operator page'), '.'))),
    section('Top rated', 'top-heading', () => get(`/api/top-rated${query({ limit: 18 })}`),
      (answer) => (answer.movies.length ? cardRow(answer.movies, 'Top rated movies') : emptyNotice('No movie has enough votes yet.'))),
    section('Browse by genre', 'genres-heading', () => catalogueGenres(),
      (names) => (names.length
        ? h('ul', { class: 'chips large', 'aria-label': 'Genres' }, names.map((g) => h('li', {}, h('a', { class: 'chip', href: `#/genre/${encodeURIComponent(g)}` }, g))))
        : emptyNotice('The catalogue has no genres yet.'))),
  );
}

export function genreView(main, name) {
  setTitle(name);
  main.replaceChildren(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Discover'), ' / ', name),
    h('h1', {}, name),
    section('Best of the genre', 'genre-heading', () => get(`/api/recommendations/genres${query({ genres: [name], limit: 48, min_rating: 0 })}`),
      (answer) => (answer.movies.length ? cardGrid(answer.movies, `${name} movies`) : emptyNotice(`No ${name} movies in the catalogue.`))),
  );
}

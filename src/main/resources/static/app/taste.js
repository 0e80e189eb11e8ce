// Your taste: the liked and disliked movies kept in this browser, and recommendations from all of them.
import { request, query } from './api.js';
import { h, errorNotice, emptyNotice, loading, setTitle, taste, svgIcon, announce, movieLink } from './ui.js';
import { filterControls, resultList } from './recommend.js';

function basketList(title, movies, opinion) {
  return h('section', { class: `basket ${opinion}`, 'aria-labelledby': `basket-${opinion}` },
    h('h2', { id: `basket-${opinion}` }, title, ' ', h('span', { class: 'count' }, `(${movies.length})`)),
    movies.length
      ? h('ul', { class: 'basket-list' }, movies.map((movie) => h('li', {},
        h('a', { href: movieLink(movie) }, movie.title), movie.year ? h('span', { class: 'muted' }, ` ${movie.year}`) : null,
        h('button', { type: 'button', class: 'icon-button', onclick: () => { taste.set(movie, null); announce(`${movie.title} removed`); } },
          svgIcon('x'), h('span', { class: 'visually-hidden' }, `Remove ${movie.title}`)))))
      : h('p', { class: 'muted' }, opinion === 'liked' ? 'Use the thumbs-up on any movie to add it here.' : 'Use the thumbs-down to steer away from a movie.'));
}

export function tasteView(main) {
  setTitle('Your taste');
  const baskets = h('div', { class: 'baskets' });
  const results = h('div', { class: 'results-area', 'aria-live': 'polite' });
  let current = null;
  const controls = filterControls(() => run());

  function run() {
    const { liked, disliked } = taste.all();
    if (!liked.length && !disliked.length) {
      results.replaceChildren(emptyNotice('Your basket is empty. Like a few movies on ', h('a', { href: '#/' }, 'Discover'), ' or on any movie page, then come back.'));
      return;
    }
    if (!liked.length) {
      results.replaceChildren(emptyNotice('Like at least one movie: dislikes alone only say what to avoid.'));
      return;
    }
    current?.abort();
    current = new AbortController();
    results.replaceChildren(loading('Blending your taste…'));
    const values = controls.values();
    request(`/api/recommendations${query({ explain: true })}`, {
      method: 'POST',
      signal: current.signal,
      body: { liked: liked.map((m) => m.id), disliked: disliked.map((m) => m.id), limit: 12, explain: true, ...values },
    }).then((answer) => results.replaceChildren(answer.movies.length
      ? resultList(answer, { liked, label: 'Recommended for your taste' })
      : emptyNotice('Nothing matches with these filters. Loosen them to see more.')))
      .catch((error) => {
        if (error.name !== 'AbortError') results.replaceChildren(errorNotice(error, run));
      });
  }

  function renderBaskets() {
    const { liked, disliked } = taste.all();
    baskets.replaceChildren(basketList('Liked', liked, 'liked'), basketList('Disliked', disliked, 'disliked'),
      liked.length || disliked.length ? h('button', { type: 'button', class: 'button small', onclick: () => { taste.clear(); announce('Taste basket emptied'); } }, 'Empty the basket') : null);
  }

  main.replaceChildren(
    h('h1', {}, 'Your taste'),
    h('p', { class: 'lead' }, 'Movies you like pull the recommendations towards them; movies you dislike push them away. The basket stays in this browser only.'),
    baskets,
    h('section', { class: 'section', 'aria-labelledby': 'taste-results-heading' },
      h('h2', { id: 'taste-results-heading' }, 'Recommended for you'),
      h('div', { class: 'recommender' }, controls.element, results)));
  renderBaskets();
  run();
  const onChange = () => {
    if (!main.contains(baskets)) return;
    renderBaskets();
    run();
  };
  taste.onChange(onChange);
}

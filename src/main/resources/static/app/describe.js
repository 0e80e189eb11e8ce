// Describe a movie: free text in, recommendations out, with the same filters.
import { get, query } from './api.js';
import { h, errorNotice, emptyNotice, loading, setTitle } from './ui.js';
import { filterControls, resultList } from './recommend.js';

const EXAMPLES = ['a heist inside dreams', 'samurai defending a village', 'toys that come alive', 'a lonely robot on an abandoned Earth'];

export function describeView(main) {
  setTitle('Describe a movie');
  const text = h('textarea', { id: 'describe-text', name: 'text', rows: 3, maxlength: 2000, required: true, placeholder: 'A detective in a rainy future city hunts androids…' });
  const results = h('div', { class: 'results-area', 'aria-live': 'polite' },
    emptyNotice('Describe a story, a mood or a setting, then press “Recommend”.'));
  let current = null;
  function run() {
    const value = text.value.trim();
    if (!value) {
      results.replaceChildren(h('p', { class: 'notice error', role: 'alert' }, 'Write a few words about the movie you have in mind.'));
      text.focus();
      return;
    }
    current?.abort();
    current = new AbortController();
    results.replaceChildren(loading('Reading your description…'));
    get(`/api/recommendations/text${query({ text: value, limit: 12, explain: true, ...controls.values() })}`, current.signal)
      .then((answer) => results.replaceChildren(answer.movies.length
        ? resultList(answer, { label: 'Movies matching your description' })
        : emptyNotice('Nothing matches with these filters. Loosen them to see more.')))
      .catch((error) => {
        if (error.name !== 'AbortError') results.replaceChildren(errorNotice(error, run));
      });
  }
  const controls = filterControls(() => { if (text.value.trim()) run(); });
  const form = h('form', { class: 'describe-form', onsubmit: (event) => { event.preventDefault(); run(); } },
    h('label', { for: 'describe-text' }, 'What should the movie be about?'),
    text,
    h('div', { class: 'form-row' },
      h('button', { type: 'submit', class: 'button primary' }, 'Recommend'),
      h('span', { class: 'muted' }, 'Try: '),
      EXAMPLES.map((example) => h('button', { type: 'button', class: 'chip as-button', onclick: () => { text.value = example; run(); } }, example))));
  main.replaceChildren(
    h('h1', {}, 'Describe a movie'),
    h('p', { class: 'lead' }, 'Your words are embedded by the same model as the catalogue, and the closest movies come back.'),
    form,
    h('div', { class: 'recommender' }, controls.element, results));
}

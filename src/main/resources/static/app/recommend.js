// Recommendation results (similarity bars and reasons) and the filter controls every recommender view shares.
import { get } from './api.js';
import { h, poster, tasteButtons, movieLink, metaLine } from './ui.js';

let genreList = null;

/** The catalogue's genres, asked once per page load. */
export function catalogueGenres() {
  if (!genreList) {
    genreList = get('/api/genres').then((answer) => answer.genres.map((g) => g.name)).catch((error) => {
      genreList = null;
      throw error;
    });
  }
  return genreList;
}

let ids = 0;

function field(label, control, hint) {
  const id = control.id || `field-${++ids}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint || null);
}

/**
 * Metric, filters and diversity. onChange fires (debounced) whenever a value changes; values() gives the
 * API parameters.
 */
export function filterControls(onChange, { showMetric = true } = {}) {
  const metric = h('select', { name: 'distance_metric' },
    h('option', { value: 'cosine' }, 'Cosine'),
    h('option', { value: 'l2' }, 'Euclidean (L2)'),
    h('option', { value: 'inner_product' }, 'Inner product'));
  const genre = h('select', { name: 'genres' }, h('option', { value: '' }, 'Any genre'));
  catalogueGenres().then((names) => names.forEach((name) => genre.append(h('option', { value: name }, name)))).catch(() => {
    genre.append(h('option', { value: '', disabled: true }, 'Genres unavailable'));
  });
  const minRating = h('select', { name: 'min_rating' }, h('option', { value: '' }, 'Any'),
    [5, 6, 7, 7.5, 8, 8.5].map((r) => h('option', { value: r }, `${r}+`)));
  const minYear = h('input', { type: 'number', name: 'min_year', min: 1870, max: 2100, inputmode: 'numeric', placeholder: 'Any' });
  const maxYear = h('input', { type: 'number', name: 'max_year', min: 1870, max: 2100, inputmode: 'numeric', placeholder: 'Any' });
  const language = h('input', { type: 'text', name: 'language', maxlength: 8, placeholder: 'e.g. en, ja', autocomplete: 'off', spellcheck: 'false' });
  const diversity = h('input', { type: 'range', name: 'diversity', min: 0, max: 1, step: 0.1, value: 0 });
  const diversityOut = h('output', { for: '', class: 'range-value' }, '0.0');
  const element = h('form', { class: 'filters', 'aria-label': 'Filters', onsubmit: (e) => { e.preventDefault(); fire(); } },
    showMetric ? field('Similarity metric', metric) : null,
    field('Genre', genre),
    field('Minimum rating', minRating),
    field('From year', minYear),
    field('To year', maxYear),
    field('Language', language),
    h('div', { class: 'field field-range' },
      h('label', { for: (diversity.id = `field-${++ids}`) }, 'Diversity ', diversityOut),
      diversity,
      h('span', { class: 'range-ends', 'aria-hidden': 'true' }, h('span', {}, 'closest'), h('span', {}, 'varied'))));
  diversityOut.setAttribute('for', diversity.id);
  let timer = null;
  function fire() {
    clearTimeout(timer);
    timer = setTimeout(onChange, 250);
  }
  element.addEventListener('input', (event) => {
    if (event.target === diversity) diversityOut.textContent = Number(diversity.value).toFixed(1);
    fire();
  });
  element.addEventListener('change', fire);
  return {
    element,
    values() {
      const year = (input) => (input.value && input.checkValidity() ? Number(input.value) : undefined);
      return {
        distance_metric: showMetric ? metric.value : undefined,
        genres: genre.value ? [genre.value] : undefined,
        min_rating: minRating.value ? Number(minRating.value) : undefined,
        min_year: year(minYear),
        max_year: year(maxYear),
        language: language.value.trim() || undefined,
        diversity: Number(diversity.value) > 0 ? Number(diversity.value) : undefined,
      };
    },
  };
}

function sharedNames(a, b) {
  const keys = new Set((b || []).map((x) => x.toLowerCase()));
  return (a || []).filter((x) => keys.has(x.toLowerCase()));
}

function listPhrase(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Why a movie is here: the service's explanation when it sends one (explain=true); otherwise what the
 * page can tell for certain from the two movies themselves (shared genres and cast).
 */
export function reasonsFor(movie, { base, liked } = {}) {
  const explanation = movie.explanation;
  if (explanation && Array.isArray(explanation.reasons) && explanation.reasons.length) return explanation.reasons;
  const reasons = [];
  const cast = (m) => (m.cast || []).map((c) => (typeof c === 'string' ? c : c.name));
  if (base) {
    const genres = sharedNames(movie.genres, base.genres);
    if (genres.length) reasons.push(`Shares ${listPhrase(genres.slice(0, 3))} with ${base.title}`);
    const actors = sharedNames(cast(movie), cast(base));
    if (actors.length) reasons.push(`Also stars ${listPhrase(actors.slice(0, 2))}`);
  }
  if (liked && liked.length) {
    let best = null;
    for (const example of liked) {
      const genres = sharedNames(movie.genres, example.genres);
      const actors = sharedNames(cast(movie), example.cast || []);
      const weight = genres.length + 2 * actors.length;
      if (weight > 0 && (!best || weight > best.weight)) best = { example, genres, actors, weight };
    }
    if (best) {
      if (best.actors.length) reasons.push(`Stars ${listPhrase(best.actors.slice(0, 2))}, as ${best.example.title} does, which you liked`);
      else reasons.push(`Shares ${listPhrase(best.genres.slice(0, 3))} with ${best.example.title}, which you liked`);
    }
  }
  return reasons;
}

const COMPONENT_NAMES = {
  similarity: 'similarity', genre_overlap: 'genre overlap', popularity: 'popularity', rating: 'rating', text_rank: 'text match',
};

function similarityBar(movie, metric) {
  const raw = movie.similarity_score;
  const value = typeof raw === 'number' ? raw : 0;
  // cosine and inner product on unit vectors lie in [-1, 1], 1/(1+d) in (0, 1]: a bar shows 0..1
  const fraction = Math.max(0, Math.min(1, value));
  const label = `${Math.round(fraction * 100)}% similar`;
  return h('div', { class: 'similarity', title: `${metric || 'cosine'} similarity ${value.toFixed(3)}` },
    h('div', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(fraction * 100), 'aria-label': `Similarity to the query` },
      h('span', { class: 'bar-fill', style: { width: `${(fraction * 100).toFixed(1)}%` } })),
    h('span', { class: 'similarity-value' }, label));
}

function breakdown(movie, weights) {
  const explanation = movie.explanation;
  if (!explanation || !explanation.components) return null;
  const rows = Object.entries(explanation.components).filter(([, v]) => typeof v === 'number');
  if (!rows.length) return null;
  return h('details', { class: 'breakdown' },
    h('summary', {}, 'Score breakdown'),
    h('dl', {}, rows.map(([name, value]) => [
      h('dt', {}, COMPONENT_NAMES[name] || name.replace(/_/g, ' ')),
      h('dd', {}, value.toFixed(2), weights && typeof weights[name] === 'number' ? h('span', { class: 'weight' }, ` × ${weights[name]}`) : null),
    ])));
}

/** The ranked answer of a recommendation endpoint. */
export function resultList(answer, context = {}) {
  const movies = answer.movies || [];
  return h('ol', { class: 'results', 'aria-label': context.label || 'Recommendations' }, movies.map((movie) => {
    const reasons = reasonsFor(movie, context);
    const pulledIn = movie.explanation && movie.explanation.pulled_in_by;
    return h('li', { class: 'result' },
      h('a', { class: 'result-poster', href: movieLink(movie), tabindex: '-1', 'aria-hidden': 'true' }, poster(movie, 'small')),
      h('div', { class: 'result-body' },
        h('div', { class: 'result-head' },
          h('a', { class: 'result-title', href: movieLink(movie) }, movie.title),
          h('span', { class: 'result-meta' }, metaLine(movie)),
          tasteButtons(movie)),
        similarityBar(movie, answer.distance_metric),
        reasons.length
          ? h('ul', { class: 'reasons', 'aria-label': `Why ${movie.title}` }, reasons.map((r) => h('li', {}, r)))
          : h('p', { class: 'reasons muted' }, (movie.genres || []).join(', ') || 'Close in meaning'),
        pulledIn && !reasons.some((r) => r.includes(pulledIn.title))
          ? h('p', { class: 'pulled-in' }, 'Pulled in by ', h('a', { href: movieLink(pulledIn) }, pulledIn.title)) : null,
        breakdown(movie, answer.weights)));
  }));
}

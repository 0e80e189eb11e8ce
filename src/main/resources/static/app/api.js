// The JSON API, with errors turned into readable messages (problem+json "detail" when there is one).

export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

async function problemMessage(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // not JSON: fall back to the status line
  }
  const detail = problem && (problem.detail || problem.title);
  const message = detail || `The service answered ${response.status} ${response.statusText || ''}`.trim();
  return new ApiError(message, response.status, problem);
}

export async function request(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('The service cannot be reached. Is it running?', 0, null);
  }
  if (!response.ok) throw await problemMessage(response);
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export function get(path, signal) {
  return request(path, { signal });
}

/** Query string from an object; arrays repeat the key, empty values are left out. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.append(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// --- operator calls: the admin key lives in sessionStorage only (gone when the tab closes)

const KEY = 'movies.adminKey';

export const adminKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export function admin(path, options = {}) {
  return request(path, { ...options, headers: { Authorization: `Bearer ${adminKey.get()}`, ...(options.headers || {}) } });
}

/** Uploads a file with progress events (fetch cannot report upload progress; XHR can). */
export function upload(path, file, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('Authorization', `Bearer ${adminKey.get()}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // leave null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError((body && (body.detail || body.title)) || `Upload failed with status ${xhr.status}`, xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError('The upload failed: the service cannot be reached.', 0, null)));
    xhr.send(file);
  });
}

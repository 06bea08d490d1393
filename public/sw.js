// OTE's service worker: the app shell (index.html and every file it names: wasm, js, css,
// icons, manifest) is kept so the app opens with no network, with all its local data
// (IndexedDB is the app's, not this worker's). Navigations go to the network first, so a new
// deploy is picked up on the next load with a connection; its hashed files are cached then and
// the previous deploy's are dropped. The API is never cached here: the app syncs on its own.

const CACHE = 'ote-shell';
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, event));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

// Every deep link is the app: offline, any navigation opens the cached shell.
async function networkFirst(request, event) {
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
      event.waitUntil(refreshShell(response.clone()));
    }
    return response;
  } catch (offline) {
    const cached = await caches.match(SHELL);
    if (cached) {
      return cached;
    }
    throw offline;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// Caches index.html and the files it names, and drops files of earlier deploys.
async function refreshShell(page) {
  const response = page ?? (await fetch(SHELL, { cache: 'no-store' }));
  if (!response.ok) {
    return;
  }
  const html = await response.clone().text();
  const files = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]);
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const file of files) {
    if (!(await cache.match(file))) {
      missing.push(file);
    }
  }
  await cache.addAll(missing);
  await cache.put(SHELL, response);
  const keep = new Set([SHELL, ...files].map((path) => new URL(path, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) {
      await cache.delete(request);
    }
  }
}

// Starts the app and registers its service worker (public/sw.js keeps the app shell for
// opening with no network). A file of its own, beside the build's other files, so the page
// holds no inline script and the server's Content-Security-Policy can forbid them.
import init from './ote-app.js';

init({ module_or_path: new URL('./ote-app_bg.wasm', import.meta.url) });
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js');
}

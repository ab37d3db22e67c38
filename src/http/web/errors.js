// Loaded first, as a classic script: keeps every uncaught error and rejected promise in
// window.__errors (the browser tests read it) and shows it in the page's error bar.
window.__errors = [];
function showPageError(text) {
  window.__errors.push(text);
  const bar = document.getElementById('errorbar');
  if (bar) { bar.textContent = '页面出错：' + text; bar.hidden = false; }
}
window.addEventListener('error', (e) => showPageError(String(e.message || e)));
window.addEventListener('unhandledrejection', (e) => showPageError(String((e.reason && e.reason.message) || e.reason)));

// RadBridge console: progressive enhancement only (every page works without script).
// An element with data-refresh="SECONDS" is re-fetched from the same URL and replaced in place.
(function () {
  'use strict';
  function refresh(el, seconds) {
    setTimeout(function () {
      if (document.hidden) { refresh(el, seconds); return; }
      fetch(location.href, { credentials: 'same-origin', headers: { 'X-Console-Refresh': '1' } })
        .then(function (r) {
          if (r.redirected && r.url.indexOf('/console/login') >= 0) { location.assign(r.url); return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var fresh = doc.querySelector('[data-refresh]');
            if (fresh) { el.innerHTML = fresh.innerHTML; }
          }
          refresh(el, seconds);
        })
        .catch(function () { refresh(el, seconds); });
    }, seconds * 1000);
  }
  function confirmForms() {
    document.addEventListener('submit', function (e) {
      var msg = e.target.getAttribute('data-confirm');
      if (msg && !window.confirm(msg)) { e.preventDefault(); }
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-refresh]').forEach(function (el) {
      var s = parseInt(el.getAttribute('data-refresh'), 10);
      if (s > 0) { refresh(el, s); }
    });
    confirmForms();
  });
})();

// Refreshes the supervision centre's live figures every 30 seconds without reloading the page.
// The page works the same without this script: it then shows the figures of the moment it was loaded.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.fetch || !window.DOMParser) { return; }
  var url = live.getAttribute('data-refresh');
  if (!url) { return; }
  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        var current = document.getElementById('live');
        if (fresh && current) { current.replaceWith(fresh); }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  window.setInterval(refresh, 30000);
}());

// The guide keeps a single entry in the browser's history: links and searches inside the guide replace the current
// page instead of adding one. With the quick exit (which replaces the page too), "Back" then leads to the page
// visited before the guide, never to an earlier page of the guide. Without JavaScript the guide works as usual.
(function () {
  "use strict";
  var prefix = document.body.getAttribute("data-guide-prefix") || "/guide/";

  function inside(url) {
    return url.origin === window.location.origin && url.pathname.indexOf(prefix) === 0 && !/\.(pdf|ics)$/.test(url.pathname) && url.pathname.indexOf(prefix + "pro/") !== 0;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download") || link.id === "quick-exit") return;
    var url = new URL(link.href, window.location.href);
    if (!inside(url)) return;
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") return;
    var url = new URL(form.action, window.location.href);
    if (!inside(url)) return;
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    url.search = params.toString();
    window.location.replace(url.href);
  });
})();

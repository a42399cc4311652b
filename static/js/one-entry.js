// One history entry for the whole public site. On a public page (no account), links and GET forms that stay on this
// site replace the current page instead of adding one to the browser's history, from the home page as from the guide.
// The quick exit (quick-exit.js) replaces the page too: after it, "Back" leads to the page visited before this site,
// never to one of its pages. Downloads (PDF, iCalendar) open as usual. Without JavaScript the site works as usual.
(function () {
  "use strict";
  if (!document.body.hasAttribute("data-public")) return;

  function stays(url) {
    return url.origin === window.location.origin && !/\.(pdf|ics)$/.test(url.pathname);
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download") || link.id === "quick-exit") return;
    var url = new URL(link.href, window.location.href);
    if (!stays(url) || (url.pathname === window.location.pathname && url.search === window.location.search && url.hash)) return;
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var method = ((submitter && submitter.getAttribute("formmethod")) || form.getAttribute("method") || "get").toLowerCase();
    if (event.defaultPrevented || method !== "get") return;
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || window.location.href;
    var url = new URL(action, window.location.href);
    if (!stays(url)) return;
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    window.location.replace(url.href);
  });
})();

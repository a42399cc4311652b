// Every form sent by htmx shows what happened, in place. The server answers 422 with the form and its errors:
// htmx is told to swap it in (see htmx-config in base.html), and the first error gets the focus. A server error or
// a lost connection, which htmx would otherwise drop silently, is said above the form. Messages come translated from
// the page (data attributes of this script).
(function () {
  "use strict";
  var script = document.currentScript;
  var messages = {
    network: script.getAttribute("data-network"),
    server: script.getAttribute("data-server"),
    refused: script.getAttribute("data-refused"),
  };

  function formOf(elt) {
    return (elt && elt.closest && elt.closest("form")) || elt;
  }

  function say(elt, text) {
    var form = formOf(elt);
    if (!form || !form.insertBefore) return;
    var box = form.querySelector(".htmx-status");
    if (!box) {
      box = document.createElement("p");
      box.className = "form-errors htmx-status";
      box.setAttribute("role", "alert");
      box.setAttribute("tabindex", "-1");
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = text;
    box.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = formOf(event.detail.elt).querySelector && formOf(event.detail.elt).querySelector(".htmx-status");
    if (box) box.remove();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.xhr || event.detail.xhr.status !== 422) return;
    // An outerHTML swap replaced the target: find its successor by id.
    var target = event.detail.target;
    var root = (target && target.id && document.getElementById(target.id)) || (target && target.isConnected ? target : document);
    // The errors of the whole form first, else the first field in error.
    var error = root.querySelector(".form-errors") || root.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (!error) return;
    if (!/^(INPUT|SELECT|TEXTAREA)$/.test(error.tagName) && !error.hasAttribute("tabindex")) error.setAttribute("tabindex", "-1");
    error.focus();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(event.detail.elt, (status >= 500 ? messages.server : messages.refused).replace("%s", String(status)));
  });

  function offline(event) {
    say(event.detail.elt, messages.network);
  }
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
})();

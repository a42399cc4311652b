// Quick exit: the visible button, or Shift pressed three times, replaces this page with a neutral
// site. location.replace() removes the current page from the history, so "Back" does not return here.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var target = link.getAttribute("data-exit-url") || link.href;

  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave(event);
  });
})();

// The danger assessment's score and level as the answers are given (progressive enhancement: without this script the
// page works the same, and the score is computed when the form is saved). The server's computation is the record.
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  var out = document.getElementById("live-score");
  if (!form || !out) return;
  var elevated = parseInt(form.dataset.elevated, 10);
  var high = parseInt(form.dataset.high, 10);
  function update() {
    var score = 0, flags = 0, unknown = 0, missing = 0;
    form.querySelectorAll("fieldset.cw-question").forEach(function (set) {
      var chosen = set.querySelector("input[type=radio]:checked");
      if (!chosen) { missing += 1; return; }
      if (chosen.value === "yes") {
        score += parseInt(set.dataset.weight, 10) || 0;
        if (set.dataset.redFlag === "1") flags += 1;
      } else if (chosen.value === "unknown") {
        unknown += 1;
      }
    });
    var level = flags > 0 || score >= high ? "grave" : score >= elevated ? "élevé" : "standard";
    var text = "Score : " + score + " points — niveau calculé : " + level;
    if (flags > 0) text += " (signal d'alerte)";
    if (unknown > 0) text += " — " + unknown + (unknown > 1 ? " réponses « ne sait pas »" : " réponse « ne sait pas »") + " : évaluation incomplète";
    if (missing > 0) text += " — " + missing + (missing > 1 ? " questions sans réponse" : " question sans réponse");
    out.textContent = text;
    out.className = "cw-live-score cw-level-" + (level === "grave" ? "high" : level === "élevé" ? "elevated" : "standard");
    out.hidden = false;
  }
  form.addEventListener("change", update);
  update();
})();

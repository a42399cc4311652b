// The referral form: the guide's services narrowed to the receiving organisation as it is chosen (progressive
// enhancement: without this script every service is listed, and the form refuses one of another organisation).
(function () {
  "use strict";
  var receiver = document.getElementById("id_receiver");
  var service = document.getElementById("id_service");
  if (!receiver || !service) return;
  var note = document.createElement("p");
  note.className = "help";
  note.id = "service-narrowed";
  note.setAttribute("aria-live", "polite");
  service.insertAdjacentElement("afterend", note);
  function narrow() {
    var chosen = receiver.value;
    var shown = 0;
    Array.prototype.forEach.call(service.options, function (option) {
      if (!option.value) return; // « --------- »: no service
      var match = !chosen || option.dataset.organisation === chosen;
      option.hidden = !match;
      option.disabled = !match;
      if (match) shown += 1;
      if (!match && option.selected) service.value = "";
    });
    note.textContent = !chosen ? "Choisissez d'abord l'organisation destinataire : la liste se limitera à ses services."
      : shown ? shown + (shown > 1 ? " services de cette organisation dans le guide." : " service de cette organisation dans le guide.")
      : "Cette organisation n'a aucun service publié dans le guide : laissez ce champ vide.";
  }
  receiver.addEventListener("change", narrow);
  narrow();
})();

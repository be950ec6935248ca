// eventwire web: the little JavaScript the pages use. Everything works without it except
// the convenience of not pasting the review token into every form.
(function () {
  "use strict";
  var KEY = "eventwire-token";
  // A start-up URL like /review#token=XYZ hands the token over without sending it to the
  // server in a URL; keep it for this tab only.
  var m = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  function fill() {
    var t = sessionStorage.getItem(KEY) || "";
    document.querySelectorAll("input.token-field").forEach(function (el) { el.value = t; });
    var status = document.getElementById("token-status");
    if (status) status.textContent = t ? "token set for this tab" : "no token yet";
  }
  document.addEventListener("DOMContentLoaded", function () {
    fill();
    var form = document.getElementById("token-form");
    if (form) form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      sessionStorage.setItem(KEY, document.getElementById("token-input").value.trim());
      document.getElementById("token-input").value = "";
      fill();
    });
    // Hovering or focusing an event card outlines its trigger and actors in the body.
    document.querySelectorAll(".event-card[data-ev]").forEach(function (card) {
      var cls = card.getAttribute("data-ev");
      function set(on) {
        document.querySelectorAll("mark." + cls).forEach(function (el) { el.classList.toggle("hot", on); });
      }
      card.addEventListener("mouseenter", function () { set(true); });
      card.addEventListener("mouseleave", function () { set(false); });
      card.addEventListener("focus", function () { set(true); });
      card.addEventListener("blur", function () { set(false); });
    });
  });
})();

/* 长者模式: large text and high contrast, remembered across pages (localStorage). Loaded in
   <head> so the page is drawn in the right mode from the start, without a flash. */
(function () {
  var KEY = "gongkai-elder";
  var root = document.documentElement;
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored === "on") { root.classList.add("elder"); }
  function sync(button) {
    var on = root.classList.contains("elder");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    // The label stays short on phones: the part in brackets is hidden there by the stylesheet.
    button.querySelector(".elder-label").textContent = on ? "退出长者模式" : "长者模式";
    button.querySelector(".elder-more").hidden = on;
  }
  document.addEventListener("DOMContentLoaded", function () {
    // No inline event handlers anywhere in the site (they are what the injection scan forbids).
    var printers = document.querySelectorAll("[data-action='print']");
    for (var i = 0; i < printers.length; i++) {
      printers[i].addEventListener("click", function () { window.print(); });
    }
    var button = document.getElementById("elder-toggle");
    if (!button) { return; }
    sync(button);
    button.addEventListener("click", function () {
      var on = root.classList.toggle("elder");
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
      sync(button);
    });
  });
})();

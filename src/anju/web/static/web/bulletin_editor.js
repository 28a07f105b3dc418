/* The bulletin's prose editor: a placeholder chosen from the list is put where the cursor was
 * in the text last being edited (the first text when none was), replacing any selection.
 * Without script the list still shows every placeholder to type by hand.
 */
(function () {
  "use strict";

  var lastText = null;

  function insert(textarea, token) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    textarea.value = value.slice(0, start) + token + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + token.length, start + token.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function start() {
    var texts = document.querySelectorAll("textarea[data-block]");
    if (texts.length === 0) {
      return;
    }
    texts.forEach(function (textarea) {
      textarea.addEventListener("focus", function () {
        lastText = textarea;
      });
    });
    document.querySelectorAll(".placeholder-choice").forEach(function (button) {
      button.addEventListener("click", function () {
        insert(lastText || texts[0], button.getAttribute("data-token"));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

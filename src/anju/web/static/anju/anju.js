/* Behaviour every page shares, kept out of the markup: pages allow no inline script.
 *
 * A select marked data-submit-on-change sends its form as soon as a choice is made (the
 * language selector); without script its form keeps its own button.
 */
(function () {
  "use strict";

  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();

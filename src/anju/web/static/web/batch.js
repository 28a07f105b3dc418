/* The batch page follows its batch: it asks the batch's status URL every second or two
 * and updates the bar, the counts and each row, until every item has finished (poll.js asks).
 *
 * Texts come from the server (already in the page's language); errors and names are set as
 * text, never as markup. Without script the page still shows the state as of its loading.
 */
(function () {
  "use strict";

  function setText(node, text) {
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  }

  function updateRow(row, item) {
    var state = row.querySelector(".batch-state");
    var badge = document.createElement("span");
    badge.className = "status status-" + item.status;
    badge.textContent = item.status_label;
    state.replaceChildren(badge);
    setText(row.querySelector(".batch-seconds"), item.seconds);
    setText(row.querySelector(".batch-error"), item.error);
    var files = row.querySelector(".batch-files");
    if (files.children.length !== item.files.length) {
      files.replaceChildren.apply(
        files,
        item.files.map(function (file) {
          var link = document.createElement("a");
          link.href = file.url;
          link.textContent = file.format.toUpperCase();
          return link;
        })
      );
    }
  }

  function update(section, data) {
    var bar = document.getElementById("batch-bar");
    bar.max = data.total;
    bar.value = data.done + data.failed;
    setText(document.getElementById("batch-counts"), data.summary);
    // Says how to start a task worker while queued work waits with nobody taking it.
    var stalled = document.getElementById("batch-stalled");
    if (stalled) {
      stalled.hidden = !data.stalled;
    }
    var zip = document.getElementById("batch-zip");
    if (data.zip) {
      zip.href = data.zip;
      zip.hidden = false;
    }
    var rows = {};
    section.querySelectorAll("tr[data-item]").forEach(function (row) {
      rows[row.dataset.item] = row;
    });
    data.items.forEach(function (item) {
      if (rows[item.id]) {
        updateRow(rows[item.id], item);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("batch");
    if (section && section.dataset.finished !== "1") {
      window.anjuFollow(section, 1500, function (data) {
        update(section, data);
      });
    }
  });
})();

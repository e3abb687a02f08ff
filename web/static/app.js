/* Enhancements only: every page works without this script.
   - "Copy" buttons next to citations (they stay hidden when scripts do not run);
   - the "/" key moves the focus to the search box. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function announce(message) {
    var status = document.getElementById("copy-status");
    if (status) { status.textContent = message; }
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) { return; }
      button.hidden = false;
      var label = button.textContent;
      var timer = null;
      button.addEventListener("click", function () {
        copyText(target.textContent).then(function () {
          button.textContent = "Copied";
          button.classList.add("copied");
          announce("Citation copied to the clipboard.");
        }, function () {
          button.textContent = "Select and copy";
          announce("Copying failed: select the citation and copy it.");
          var range = document.createRange();
          range.selectNodeContents(target);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        });
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = label;
          button.classList.remove("copied");
        }, 2500);
      });
    });
  }

  function setUpSlashKey() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
      var box = document.getElementById("q");
      if (!box) { return; }
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  setUpCopyButtons();
  setUpSlashKey();
}());

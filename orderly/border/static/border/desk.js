/*
 * Border desk, keyboard first. A static file: the page allows no inline script.
 *
 * - In the zone box, Enter reads the document once the zone is complete (2 lines of 44 or 36
 *   characters, or 3 of 30), so a keyboard-wedge scanner typing line, Enter, line, Enter reads
 *   by itself (a zone pasted on one line counts too); otherwise Enter starts a new line.
 *   Ctrl+Enter always reads.
 * - On the traveller card, outside text fields: E records entry, X records exit, R goes to the
 *   reason for refusal (Enter there refuses), N or Escape brings the next traveller.
 * - Error answers (4xx) carry a form that names the field: htmx swaps them in like any other.
 */
(function () {
  "use strict";

  // Complete zones: TD3 and MRV-A, TD2 and MRV-B, TD1; or one of them pasted on a single line.
  var SHAPES = ["44,44", "36,36", "30,30,30", "88", "72", "90"];
  var OFFLINE =
    "The desk could not reach the server. Nothing new was stored; try again " +
    "(a crossing sent twice is stored once).";
  var FAILED =
    "The server could not answer. Try again; a crossing sent twice is stored once.";

  document.documentElement.classList.add("desk-js");

  function zoneLengths(text) {
    return text
      .split(/\r\n|\r|\n/)
      .map(function (line) { return line.replace(/\s+/g, ""); })
      .filter(function (line) { return line.length > 0; })
      .map(function (line) { return line.length; })
      .join(",");
  }

  function isCompleteZone(text) {
    return SHAPES.indexOf(zoneLengths(text)) >= 0;
  }

  function isTextField(element) {
    if (!element || !element.tagName) {
      return false;
    }
    if (element.isContentEditable) {
      return true;
    }
    var tag = element.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") {
      return true;
    }
    if (tag !== "input") {
      return false;
    }
    var type = (element.getAttribute("type") || "text").toLowerCase();
    return ["radio", "checkbox", "button", "submit", "reset", "hidden"].indexOf(type) < 0;
  }

  function click(selector) {
    var element = document.querySelector(selector);
    if (element) {
      element.click();
    }
    return element;
  }

  function focusZone() {
    var zone = document.querySelector("[data-desk-mrz]");
    if (zone) {
      zone.focus();
    }
    return zone;
  }

  function onZoneKey(event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) {
      return;
    }
    var zone = event.target;
    if (event.ctrlKey || event.metaKey || isCompleteZone(zone.value)) {
      event.preventDefault();
      zone.form.requestSubmit();
    }
  }

  function onReasonKey(event) {
    if (event.key === "Enter") {
      event.preventDefault();
      click("[data-desk-action=refuse]");
    } else if (event.key === "Escape") {
      event.preventDefault();
      var name = document.getElementById("desk-traveller");
      if (name) {
        name.focus();
      }
    }
  }

  function onCardKey(event) {
    var target = event.target;
    if (event.key === "Enter" && target.type === "radio") {
      event.preventDefault(); // choosing a person must not submit the form
      return;
    }
    if (isTextField(target)) {
      return;
    }
    switch (event.key.toLowerCase()) {
      case "e":
        click("[data-desk-action=entry]");
        break;
      case "x":
        click("[data-desk-action=exit]");
        break;
      case "r":
        var reason = document.querySelector("[data-desk-reason]");
        if (reason) {
          reason.focus();
          reason.select();
        }
        break;
      case "n":
      case "escape":
        click("[data-desk-next]");
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey) {
      return;
    }
    var target = event.target;
    if (target.matches && target.matches("[data-desk-mrz]")) {
      onZoneKey(event);
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      return; // the browser's own shortcuts (Ctrl+R reloads) stay untouched
    }
    if (target.matches && target.matches("[data-desk-reason]")) {
      onReasonKey(event);
      return;
    }
    if (document.querySelector("[data-desk-card]")) {
      onCardKey(event);
    } else if ((event.key === "Escape" || event.key.toLowerCase() === "n") && !isTextField(target)) {
      if (focusZone()) {
        event.preventDefault();
      }
    }
  }

  function say(message) {
    var status = document.getElementById("desk-status");
    if (!status) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "usa-alert usa-alert--error usa-alert--slim";
    var body = document.createElement("div");
    body.className = "usa-alert__body";
    var text = document.createElement("p");
    text.className = "usa-alert__text";
    text.textContent = message;
    body.appendChild(text);
    alert.appendChild(body);
    status.replaceChildren(alert);
  }

  document.addEventListener("keydown", onKey);

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500) {
      // The answer is the form again, naming the field at fault: show it.
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 500) {
      say(FAILED);
    }
  });

  document.addEventListener("htmx:sendError", function () {
    say(OFFLINE);
  });

  // After a bad read the zone keeps its text so the officer can see it, but selected: the next
  // scan then replaces it instead of being appended to it and never forming a zone.
  function selectRejectedZone() {
    // Only the form the server sent back as rejected is selected, and only once: selecting a
    // zone the officer has begun to type into would replace what was typed.
    var zone = document.querySelector("[data-desk-mrz][data-desk-rejected]");
    if (!zone) {
      return;
    }
    zone.removeAttribute("data-desk-rejected");
    if (zone.value === zone.defaultValue && zone.value.trim() !== "") {
      zone.focus();
      zone.select();
    }
  }

  document.addEventListener("htmx:afterSettle", function () {
    // After htmx has finished its own focusing of [autofocus] for this swap.
    window.setTimeout(selectRejectedZone, 0);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var wanted = document.querySelector("#desk-panel [autofocus]");
    if (wanted && document.activeElement !== wanted) {
      wanted.focus();
    }
    selectRejectedZone();
  });
})();

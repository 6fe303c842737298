// Search, category, source, status and tag filters, deep links and print support. Reads plan text only through
// textContent and data attributes, and never writes markup.
(function () {
  "use strict";
  var $ = function (sel) { return document.querySelector(sel); };
  var $$ = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };

  var search = $("#tp-search");
  var status = $("#tp-status");
  var toolbar = $("#tp-toolbar");
  var events = $$(".event");
  var sections = $$(".category");
  var entries = $$(".index-entry");
  var chips = $$("[data-filter]");
  var index = $("#tp-index");
  var context = $("#tp-context");
  var panels = $$("#tp-traits, #tp-group-traits, #tp-message-context, #tp-bundles, #tp-sources");
  // Each select filters on one data attribute of the calls: sources and tags hold space-separated
  // keys, status one key.
  var selects = $$("select[data-attr]");
  var category = "";
  // "events" while every entry is an event; "entries" once pages or screens are listed too.
  var noun = $$('.event[data-kind="event"]').length === events.length ? ["event", "events"] : ["entry", "entries"];
  var indexOpenedBySearch = false;

  function terms() {
    return search.value.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(text, words) {
    for (var i = 0; i < words.length; i++) {
      if (text.indexOf(words[i]) === -1) return false;
    }
    return true;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function selected(e) {
    for (var i = 0; i < selects.length; i++) {
      var want = selects[i].value;
      if (!want) continue;
      var have = (e.dataset[selects[i].dataset.attr] || "").split(" ");
      if (have.indexOf(want) === -1) return false;
    }
    return true;
  }

  function filtering() {
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) return true;
    }
    return false;
  }

  function apply() {
    var words = terms();
    var searching = words.length > 0;
    var shown = 0;
    events.forEach(function (e) {
      var ok = (!category || e.dataset.category === category) && selected(e) && matches(e.dataset.search || "", words);
      e.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector(".event:not([hidden])");
    });
    var props = 0;
    entries.forEach(function (r) {
      var keys = (r.dataset.categories || "").split(" ");
      var ok = (!category || keys.indexOf(category) !== -1) && matches(r.dataset.search || "", words);
      r.hidden = !ok;
      if (ok) props++;
    });
    if (searching && !index.open) {
      index.open = true;
      indexOpenedBySearch = true;
    } else if (!searching && indexOpenedBySearch) {
      index.open = false;
      indexOpenedBySearch = false;
    }
    context.hidden = searching;
    panels.forEach(function (p) { p.hidden = searching; });
    $("#tp-index-count").textContent = String(props);
    $("#tp-index-empty").hidden = props > 0;
    $("#tp-empty").hidden = shown > 0;
    status.textContent = searching || category || filtering()
      ? shown + " of " + plural(events.length, noun[0], noun[1]) + " · " + plural(props, "property", "properties")
      : status.dataset.total;
  }

  function setCategory(key) {
    category = key;
    chips.forEach(function (c) {
      c.setAttribute("aria-pressed", c.dataset.filter === key ? "true" : "false");
    });
    apply();
  }

  function measureToolbar() {
    document.documentElement.style.setProperty("--toolbar-h", toolbar.offsetHeight + "px");
  }

  // Opens and shows the event named by the URL fragment (#campaign_created), clearing filters
  // that hide it.
  function openFromHash() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (err) {
      return;
    }
    if (!id) return;
    var el = document.getElementById(id);
    if (!el || !el.classList.contains("event")) return;
    if (el.hidden) {
      search.value = "";
      selects.forEach(function (s) { s.value = ""; });
      setCategory("");
    }
    events.forEach(function (e) { e.classList.remove("is-target"); });
    el.classList.add("is-target");
    el.open = true;
    measureToolbar();
    el.scrollIntoView({ block: "start" });
  }

  search.addEventListener("input", apply);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      search.value = "";
      apply();
    }
  });
  chips.forEach(function (c) {
    c.addEventListener("click", function () { setCategory(c.dataset.filter); });
  });
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      search.focus();
    }
  });
  // Following a link to the event already in the URL fires no hashchange; open it anyway.
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (a && a.getAttribute("href") === location.hash) openFromHash();
  });
  window.addEventListener("hashchange", openFromHash);
  window.addEventListener("resize", measureToolbar);

  // Paper shows everything: open every closed section for printing, close them again after.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = $$("details:not([open])");
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  measureToolbar();
  apply();
  openFromHash();
})();

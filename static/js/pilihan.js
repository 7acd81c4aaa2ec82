/* Type-ahead selects for tables too large to list (unit kerja, jabatan, pegawai).
 *
 * The server renders <select data-pilihan-url="..."> with only the chosen option
 * (pegawai.forms.PilihanJarakJauhField). Tom Select turns it into a type-ahead that asks the URL
 * for at most 30 matches ({"results": [{value, text}]}) as the user types, debounced. Without
 * JavaScript the select still submits the chosen value.
 *
 * data-pilihan-induk="unit_kerja": also send the value of that field of the same form (the
 * jabatan of the chosen unit), and forget loaded options when it changes.
 */
(function () {
  "use strict";

  var SELECTOR = "select[data-pilihan-url]";

  // htmx history snapshots keep Tom Select's markup but not the instance: undo it first.
  function bersihkan(select) {
    var next = select.nextElementSibling;
    if (next && next.classList.contains("ts-wrapper")) { next.remove(); }
    select.classList.remove("tomselected", "ts-hidden-accessible");
    select.removeAttribute("tabindex");
    select.removeAttribute("hidden");
  }

  function alamat(select, query) {
    var url = new URL(select.dataset.pilihanUrl, window.location.href);
    url.searchParams.set("q", query);
    var nama = select.dataset.pilihanInduk;
    var induk = nama && select.form ? select.form.elements.namedItem(nama) : null;
    if (induk && induk.value) { url.searchParams.set(nama, induk.value); }
    return url;
  }

  function pasang(select) {
    if (select.tomselect || typeof window.TomSelect === "undefined") { return; }
    if (select.classList.contains("tomselected")) { bersihkan(select); }
    var kosong = select.dataset.pilihanKosong || "";
    var memuat = select.dataset.pilihanMemuat || "";
    var terakhir = 0;  // the latest request: an older answer arriving late is dropped
    var ts = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 30,
      loadThrottle: 300,
      preload: "focus",
      placeholder: select.dataset.pilihanPlaceholder || "",
      plugins: select.required ? [] : ["clear_button"],
      // the server has already matched (by name, code or NIP) and ordered: keep all, in order
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        var self = this;
        var nomor = ++terakhir;
        fetch(alamat(select, query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (nomor !== terakhir) { callback(); return; }
            self.clearOptions();  // only this query's matches (the chosen item stays)
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function (data, escape) { return '<div class="no-results">' + escape(kosong) + "</div>"; },
        loading: function (data, escape) {
          return '<div class="spinner-border spinner-border-sm text-secondary m-2" role="status">' +
            '<span class="visually-hidden">' + escape(memuat) + "</span></div>";
        }
      }
    });
    // the typed text is not a field: its own change event must not reach the form (htmx filters
    // listen for "change" on the whole form)
    ts.control_input.addEventListener("change", function (event) { event.stopPropagation(); });
    var nama = select.dataset.pilihanInduk;
    var induk = nama && select.form ? select.form.elements.namedItem(nama) : null;
    if (induk && induk.addEventListener) {
      induk.addEventListener("change", function () {
        ts.clearOptions();
        ts.wrapper.classList.remove("preloaded");
      });
    }
  }

  function pasangSemua(root) {
    if (!root || !root.querySelectorAll) { return; }
    if (root.matches && root.matches(SELECTOR)) { pasang(root); }
    root.querySelectorAll(SELECTOR).forEach(pasang);
  }

  // on page load, in content htmx swaps in, and after htmx restores a page from its history cache
  document.addEventListener("DOMContentLoaded", function () { pasangSemua(document); });
  document.addEventListener("htmx:load", function (event) { pasangSemua(event.target); });
  document.addEventListener("htmx:historyRestore", function () { pasangSemua(document); });
})();

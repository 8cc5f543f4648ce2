// A search box above each long list marked data-searchable: typing narrows the list to the options whose
// name contains the words typed (chosen options always stay). Without script the plain list still works.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.dataset.searchable;
    box.setAttribute("aria-label", select.dataset.searchable);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        var fits = !words || option.selected || option.text.toLowerCase().indexOf(words) !== -1;
        option.hidden = !fits;
      });
    });
  });
});

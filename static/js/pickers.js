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

// Buttons under a comma-separated code field marked data-picks (JSON [[code, name], …]): a click adds the
// code, or takes it out when it is there already. The field stays a plain text field without script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-picks]").forEach(function (input) {
    var row = document.createElement("span");
    row.className = "picks";
    JSON.parse(input.dataset.picks).forEach(function (pick) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small secondary";
      button.textContent = pick[1];
      button.title = pick[0];
      button.addEventListener("click", function () {
        var codes = input.value.split(/[,，]/).map(function (c) { return c.trim(); }).filter(Boolean);
        var at = codes.indexOf(pick[0]);
        if (at === -1) { codes.push(pick[0]); } else { codes.splice(at, 1); }
        input.value = codes.join(", ");
      });
      row.appendChild(button);
    });
    input.parentNode.insertBefore(row, input.nextSibling);
  });
});

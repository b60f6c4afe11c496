/* Choosing the kind of expert narrows the list of experts to that kind. Each expert's option
   carries its kind (data-kind); the list names the field of the kind (data-kind-from). An expert of
   another kind is hidden and cannot be chosen; the server still refuses such a choice. */
(function () {
  "use strict";
  var lists = document.querySelectorAll("select[data-kind-from]");
  Array.prototype.forEach.call(lists, function (experts) {
    var kind = experts.form && experts.form.elements.namedItem(experts.getAttribute("data-kind-from"));
    if (!kind || kind.tagName !== "SELECT") { return; }

    function narrow() {
      var chosen = kind.value;
      Array.prototype.forEach.call(experts.options, function (option) {
        var optionKind = option.getAttribute("data-kind");
        var other = chosen !== "" && optionKind !== null && optionKind !== chosen;
        option.hidden = other;
        option.disabled = other;
        if (other && option.selected) { experts.value = ""; }
      });
    }

    kind.addEventListener("change", narrow);
    narrow();
  });
})();

// The reception counter: Enter in a field of the reception form (the Enter a barcode scanner
// sends after the ID number) moves to the next field instead of doing nothing. The form never
// submits on Enter: its default button is disabled; "Tiếp nhận" submits it. Without JavaScript,
// Tab does the same.
(function () {
  var form = document.getElementById("reception");
  if (!form) return;
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || t.tagName !== "INPUT" || t.type === "submit") return;
    e.preventDefault();
    var fields = Array.prototype.filter.call(form.elements, function (el) {
      return !el.disabled && el.type !== "hidden" && el.tabIndex >= 0 && el.offsetParent !== null;
    });
    var next = fields[fields.indexOf(t) + 1];
    if (next) next.focus();
  });
})();

// Draws the party network of /ui/network/{id} from the JSON block on the page.
// The list "Parties" beside the drawing is its accessible twin.
(function () {
  "use strict";
  var data = document.getElementById("graph-data");
  var box = document.getElementById("graph");
  if (!data || !box || typeof cytoscape !== "function") { return; }
  var elements = JSON.parse(data.textContent);
  var colours = {
    party: "#1f5aa6", address: "#6b7280", phone: "#6b7280", email: "#6b7280",
    website: "#6b7280", payer: "#b45309", order: "#047857", goods: "#7c3aed",
    list_entry: "#b91c1c", document: "#0e7490"
  };
  var shapes = { party: "ellipse", order: "round-rectangle", list_entry: "diamond",
                 goods: "hexagon", document: "rectangle" };
  var cy = cytoscape({
    container: box,
    elements: elements,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
          "background-color": function (n) { return colours[n.data("kind")] || "#374151"; },
          "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; },
          "color": "#111827", "text-valign": "bottom", "text-margin-y": 4 } },
      { selector: "edge", style: {
          "label": "data(label)", "font-size": 8, "width": 1.5, "line-color": "#9ca3af",
          "curve-style": "bezier", "color": "#4b5563", "text-rotation": "autorotate" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 }
  });
  cy.on("tap", "node", function (evt) {
    var node = evt.target;
    var kind = node.data("kind");
    if (kind === "order") {
      window.location.href = "/ui/orders/" + encodeURIComponent(node.data("label"));
    } else if (kind === "party") {
      window.location.href = "/ui/network/" + encodeURIComponent(node.id());
    }
  });
  box.setAttribute("data-drawn", String(cy.nodes().length));
  window.redtraceGraph = cy;  // for the browser tests, and for a curious reader's console
})();

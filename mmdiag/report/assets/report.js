// mmdiag's HTML report: draws each session's timeline with Plotly, links incidents to their
// verdicts, zooms on request, sorts the incident table. Text reaches the page as textContent
// or as Plotly labels the report escaped; nothing is fetched.
(function () {
  "use strict";

  var figures = JSON.parse(document.getElementById("mmdiag-figures").textContent);
  var plots = {};
  var config = {
    displaylogo: false,
    scrollZoom: true,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { format: "png", filename: "mmdiag-timeline" },
  };

  function toMs(value) {
    if (typeof value === "number") return value;
    // Plotly gives a date axis' range as "2026-01-02 22:58:09.1234": UTC, as the data.
    return Date.parse(String(value).replace(" ", "T") + "Z");
  }

  // Plotly does not refit a y axis to what a zoom shows: do it for price and position.
  function fitY(gd) {
    var range = gd.layout.xaxis.range;
    if (!range) return;
    var lo = toMs(range[0]), hi = toMs(range[1]);
    var update = {};
    ["y", "y2"].forEach(function (axis) {
      var min = Infinity, max = -Infinity, traces = 0;
      gd.data.forEach(function (trace) {
        if (trace.type !== "scatter" || (trace.yaxis || "y") !== axis) return;
        traces += 1;
        for (var i = 0; i < trace.x.length; i++) {
          var x = trace.x[i];
          if (x === null || trace.y[i] === null) continue; // a break in the line
          var inside = x >= lo && x <= hi;
          // The step before the window holds its first value.
          var next = trace.x[i + 1];
          var before = x < lo && next !== null && next !== undefined && next >= lo;
          if (inside || before) {
            if (trace.y[i] < min) min = trace.y[i];
            if (trace.y[i] > max) max = trace.y[i];
          }
        }
      });
      var name = axis === "y" ? "yaxis" : "yaxis2";
      if (traces === 0) return; // the log gave no such numbers: Plotly drew no such axis
      if (min === Infinity) {
        update[name + ".autorange"] = true;
        return;
      }
      var pad = (max - min) * 0.08 || Math.abs(max) * 0.001 || 1;
      update[name + ".range"] = [min - pad, max + pad];
    });
    if (Object.keys(update).length) return Plotly.relayout(gd, update);
  }

  // An incident's number above the picture: shown while few enough are in view to read.
  function labels(gd, session) {
    var range = gd.layout.xaxis.range;
    if (!range) return;
    var lo = toMs(range[0]), hi = toMs(range[1]);
    var shown = gd.layout.annotations.map(function (note, i) {
      return session.annotations[i] === null || (note.x >= lo && note.x <= hi);
    });
    var inView = shown.filter(function (s, i) { return s && session.annotations[i]; }).length;
    var update = {};
    gd.layout.annotations.forEach(function (note, i) {
      var visible = session.annotations[i] === null || (shown[i] && inView <= session.labelled);
      if (note.visible !== visible) update["annotations[" + i + "].visible"] = visible;
    });
    if (Object.keys(update).length) return Plotly.relayout(gd, update);
  }

  function wire(gd, session) {
    gd.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (point && point.customdata) location.hash = "#incident-" + point.customdata;
    });
    gd.on("plotly_clickannotation", function (event) {
      var number = session.annotations[event.index];
      if (number) location.hash = "#incident-" + number;
    });
    gd.on("plotly_relayout", function (change) {
      var keys = Object.keys(change || {});
      if (keys.some(function (k) { return k.indexOf("xaxis.") === 0; })) {
        fitY(gd);
        labels(gd, session);
      }
    });
  }

  var drawn = figures.sessions.map(function (session) {
    var div = document.getElementById(session.div);
    return Plotly.newPlot(div, session.data, session.layout, config).then(function (gd) {
      plots[session.div] = gd;
      wire(gd, session);
      return Promise.resolve(fitY(gd)).then(function () { return gd; });
    });
  });

  Promise.all(drawn).then(
    function () {
      document.body.setAttribute("data-render-ms", String(Math.round(performance.now())));
      document.body.setAttribute("data-rendered", String(drawn.length));
    },
    function (error) {
      document.body.setAttribute("data-rendered", "error");
      console.error(error);
    }
  );

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.zoom");
    if (!link) return;
    var gd = plots[link.getAttribute("data-div")];
    if (!gd) return;
    event.preventDefault();
    var x0 = Number(link.getAttribute("data-x0")), x1 = Number(link.getAttribute("data-x1"));
    Plotly.relayout(gd, { "xaxis.range": [x0, x1] });
    gd.scrollIntoView({ behavior: "smooth", block: "center" });
  });

  // The incident table: a heading sorts by its column (numbers as numbers), again reverses.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headings = table.querySelectorAll("th[aria-sort]");
    Array.prototype.forEach.call(headings, function (th) {
      function sort() {
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort");
          var y = b.cells[column].getAttribute("data-sort");
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headings, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  });
})();

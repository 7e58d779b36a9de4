"""The browser side of :class:`geo.maplayers.DataLayer` (a Jinja macro body, rendered by folium).

Row layouts (see ``geo.maplayers``):
event  [lat, lon, type, date, time prec, geo prec, location, actors, fatalities, sentence,
        mark start, mark end, doc, reports in cluster, outlets in cluster, id, sub type, claims,
        [actor1, actor2] (indices into P.actors), mention gate, sentence past the popup's cut]
claim  [lat, lon, side, date, speaker, role, content, doc, id, cue, content past the cut]
       (undated claims take their document's date)
doc    [outlet, title, published, 1 if a store document else 0]
type   [label, colour, name the filters use]
The mention gate is 0 (the event's place has no mentions in its document) or
[kind, best confidence, kind, best confidence, ...] (indices into P.kinds) of
those mentions: the event drops when none passes the kind and confidence bar.
Dates are ISO, possibly partial ("2020-02"); :js:`daySpan` gives the days they cover.

``geoMap.showRows(masks)`` shows only the rows a Python filter kept
(``geo.render.visible_rows``: a base64 bitmap per layer); it works with or
without popups and is what the dashboard uses.  ``geoMap.applyFilters(f)`` shows only the events and claims passing ``f``
(``{from, to, types, actors, outlets, claimants, kinds, precisions,
minConfidence, literalOnly, text}``; null or missing = everything), with the
semantics of ``geo.mapdata.filter_map_data``; ``geoMap.filterIds(f)`` returns
the ids that pass (unplaced claims included), for tests.

Document text only ever reaches the page through ``textContent`` or
``geoEsc`` (tooltips, which Leaflet sets as HTML).  The objects are kept on
``window.geoMap`` (``events``, ``claims``, ``applyRange``, ``applyFilters``) for tests and views.

Markers are stacks: the events at one point with one type and geo precision
(the claims at one point of one side) share a marker, which counts how many
of them the view shows (cluster numbers add those counts up; its tooltip
and popup list the rows it shows).  ``geoMap.shownRows()`` gives the row
indices on the map, ``geoMap.shownCount()`` how many events and claims show.
"""

MAP_SCRIPT = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var control = {{ this.control }};
  var P = {{ this.payload }};
  if (map.options.maxZoom === undefined) map.options.maxZoom = 18;  // markercluster needs one; no tiles set it
  var TPREC = {1: "day", 2: "week", 3: "month"};
  var GPREC = {1: "exact place", 2: "near the place (a few km)", 3: "region only"};
  function geoEsc(s) {
    return String(s == null ? "" : s).replace(/[&<>"'`$\\{}]/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null && text !== "") e.textContent = String(text);
    return e;
  }
  function row(parent, label, value) {
    if (value === undefined || value === null || value === "") return;
    var d = el("div");
    d.appendChild(el("b", null, label + ": "));
    d.appendChild(document.createTextNode(String(value)));
    parent.appendChild(d);
  }
  function evidence(parent, s, a, b) {
    var q = el("q");
    if (a >= 0 && b > a) {
      q.appendChild(document.createTextNode(s.slice(0, a)));
      q.appendChild(el("mark", null, s.slice(a, b)));
      q.appendChild(document.createTextNode(s.slice(b)));
    } else {
      q.textContent = s;
    }
    parent.appendChild(q);
  }
  function docLine(parent, i) {
    var d = P.docs[i] || ["(unknown)", "", ""];
    var s = el("div", "geo-source");
    s.appendChild(el("b", null, d[0]));
    s.appendChild(document.createTextNode(" \u2013 "));
    s.appendChild(el("i", null, d[1]));
    if (d[2]) s.appendChild(document.createTextNode(" (" + d[2] + ")"));
    parent.appendChild(s);
  }
  function box(title) {
    var div = el("div", "geo-popup");
    div.style.cssText = "max-height:320px;overflow:auto;min-width:260px";
    var h = el("h4", null, title);
    h.style.margin = "0 0 4px";
    div.appendChild(h);
    return div;
  }
  function eventPopup(e) {
    var div = box("Event: " + P.types[e[2]][0] + (e[16] ? " / " + e[16] : ""));
    row(div, "Date", e[3] ? e[3] + " (precision: " + (TPREC[e[4]] || "unknown") + ")" : "unknown");
    row(div, "Place", (e[6] || "?") + " (geo precision " + (e[5] || "?") + ": " + (GPREC[e[5]] || "unknown") + ")");
    row(div, "Actors", e[7]);
    row(div, "Fatalities", e[8]);
    evidence(div, e[9], e[10], e[11]);
    docLine(div, e[12]);
    row(div, "Corroboration", e[13] + " report" + (e[13] === 1 ? "" : "s") + " of this event from " +
        e[14] + " outlet" + (e[14] === 1 ? "" : "s"));
    if (e[17].length) {
      var names = e[17].map(function (i) {
        var c = P.claims[i];
        return c[4] + (c[5] ? ", " + c[5] : "") + " (reported by " + P.docs[c[7]][0] + ")";
      });
      row(div, "Claimed by", names.join("; "));
    }
    div.appendChild(el("small", "geo-id", "event " + e[15]));
    return div;
  }
  function claimPopup(c) {
    var side = P.sides[c[2]][0];
    var div = box("Claim by " + (c[4] || "unknown speaker"));
    row(div, "Role", c[5]);
    row(div, "Side", side);
    row(div, "Date", c[3] || "unknown");
    var q = el("q", null, c[6]);
    div.appendChild(q);
    row(div, "Cue", c[9]);
    docLine(div, c[7]);
    div.appendChild(el("small", "geo-id", "claim " + c[8] + " \u00b7 a claim, not a verified fact"));
    return div;
  }
  var placeLayers = P.placeLayers.map(function () { return L.featureGroup(); });
  var placeMarkers = P.placeMarkers.map(function (r) {  // popup/tooltip HTML was escaped in Python (geo.popups.esc)
    var m = L.circleMarker([r[0], r[1]], {
      radius: r[2], color: r[3], weight: 2, fill: true, fillColor: r[4] ? "#ffffff" : r[3],
      fillOpacity: r[4] ? 0.35 : 0.75, dashArray: r[4] ? "3 3" : null, className: r[5]
    });
    if (r[6]) m.bindPopup(r[6], {maxWidth: 460});
    m.bindTooltip(r[7]).addTo(placeLayers[r[8]]);
    m.geoLayer = placeLayers[r[8]];
    return m;
  });
  placeLayers.forEach(function (layer, i) {
    layer.addTo(map);
    if (control) control.addOverlay(layer, P.placeLayers[i]);
  });
  var rings = L.layerGroup().addTo(map);
  // an approximate event's marker brings its uncertainty ring onto the map and takes it off again:
  // one class for all, not two listeners and a closure per marker (a tenth of a second at 20,000)
  var EventMarker = L.CircleMarker.extend({
    onAdd: function (target) {
      L.CircleMarker.prototype.onAdd.call(this, target);
      var e = this.geoRow, p = this.geoPrecision;
      if (p === 1) return;
      this.geoRing = this.geoRing || L.circle([e[0], e[1]], {
        radius: P.rings[p], color: this.options.color, weight: 1.5, dashArray: "6 5", fillOpacity: 0.04,
        interactive: false, className: "geo-precision-ring geo-precision-ring-p" + p
      });
      rings.addLayer(this.geoRing);
    },
    onRemove: function (target) {
      if (this.geoRing) rings.removeLayer(this.geoRing);
      L.CircleMarker.prototype.onRemove.call(this, target);
    }
  });
  function eventMarker(e) {
    var colour = P.types[e[2]][1], p = e[5] === 2 || e[5] === 3 ? e[5] : 1;
    var m = new EventMarker([e[0], e[1]], {
      radius: 7, color: colour, weight: p === 1 ? 1.5 : 2.5, fillColor: p === 1 ? colour : "#ffffff",
      fillOpacity: p === 1 ? 0.85 : 0.5, dashArray: p === 3 ? "3 2" : null,
      className: "geo-event geo-event-p" + p
    });
    m.geoRow = e;
    m.geoPrecision = p;
    return m;
  }
  var claimIcons = {};  // one icon per colour, shared by its markers (each still gets its own element)
  function claimMarker(c) {
    var colour = P.sides[c[2]][1];
    var icon = claimIcons[colour] || (claimIcons[colour] = L.divIcon({className: "geo-claim", iconSize: [14, 14],
      iconAnchor: [-2, 16], html: '<svg width="14" height="14" viewBox="0 0 14 14"><path d="M7 0.8 L13.2 7 L7 13.2 ' +
      'L0.8 7 Z" fill="' + colour + '" stroke="#1b1b1b" stroke-width="1.2"/></svg>'}));
    var m = L.marker([c[0], c[1]], {icon: icon, keyboard: false});
    m.geoRow = c;
    return m;
  }
  function clusterIcon(cls) {
    return function (cluster) {  // how many rows its stacks show (a stack marker stands for several)
      var n = 0;
      cluster.getAllChildMarkers().forEach(function (m) { n += m.geoShown; });
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      return L.divIcon({html: "<div><span>" + n + "</span></div>",
                        className: "marker-cluster marker-cluster-" + size + " " + cls, iconSize: L.point(40, 40)});
    };
  }
  var events = L.markerClusterGroup({chunkedLoading: P.chunked, chunkInterval: 400, chunkDelay: 5, maxClusterRadius: 45, showCoverageOnHover: false,
                                     iconCreateFunction: clusterIcon("geo-event-cluster")});
  var claims = L.markerClusterGroup({chunkedLoading: P.chunked, chunkInterval: 400, chunkDelay: 5, maxClusterRadius: 45, showCoverageOnHover: false,
                                     iconCreateFunction: clusterIcon("geo-claim-cluster")});
  function span(rows, date) {  // "2020-02-03" or "2020-02-03 to 2020-02-20": the dates of rows
    var days = rows.map(date).filter(Boolean).sort();
    if (!days.length) return "undated";
    return days[0] === days[days.length - 1] ? days[0] : days[0] + " to " + days[days.length - 1];
  }
  function eventTip(rows) {
    var e = rows[0], what = rows.length === 1 ? (e[3] || "undated") : rows.length + " events, " +
      span(rows, function (r) { return r[3]; });
    return P.types[e[2]][0] + " \u00b7 " + what + " \u00b7 " + (e[6] || "");
  }
  function claimTip(rows) {
    var c = rows[0];
    if (rows.length === 1) return "Claim \u00b7 " + (c[4] || "unknown") + " \u00b7 " + P.sides[c[2]][0] + " \u00b7 " + (c[3] || "");
    var who = Array.from(new Set(rows.map(function (r) { return r[4] || "unknown"; })));
    return rows.length + " claims \u00b7 " + who.slice(0, 3).join(", ") + (who.length > 3 ? ", \u2026" : "") +
      " \u00b7 " + P.sides[c[2]][0] + " \u00b7 " + span(rows, function (r) { return r[3]; });
  }
  // one marker per stack: the events (claims) at the same point drawn alike (type and precision;
  // side) share it, and it counts the ones the view shows (markercluster's work goes by markers:
  // a third as many at 20,000 events).  geoRows: the stack's rows; geoShown: how many show.
  function stacks(rows, key, make, shown) {
    var byKey = new Map(), out = [];
    rows.forEach(function (r, i) {
      if (r[0] === null) return;  // an unplaced claim
      var k = key(r), m = byKey.get(k);
      if (!m) {
        m = make(r);
        m.geoRows = [];
        byKey.set(k, m);
        out.push(m);
      }
      m.geoRows.push(i);
      shown[i] = 1;
    });
    out.forEach(function (m) { m.geoShown = m.geoRows.length; });
    return out;
  }
  var shownEvents = new Uint8Array(P.events.length), shownClaims = new Uint8Array(P.claims.length);
  var eventMarkers = stacks(P.events, function (e) { return e[0] + "," + e[1] + "," + e[2] + "," + e[5]; },
                            eventMarker, shownEvents);
  var claimMarkers = stacks(P.claims, function (c) { return c[0] + "," + c[1] + "," + c[2]; }, claimMarker, shownClaims);
  function shownOf(m, rows, shown) {  // the stack's rows the view shows
    return m.geoRows.filter(function (i) { return shown[i]; }).map(function (i) { return rows[i]; });
  }
  function stackPopup(rows, popup, noun) {
    if (rows.length === 1) return popup(rows[0]);
    var div = el("div", "geo-stack-popup");
    div.style.cssText = "max-height:340px;overflow-y:auto";
    div.appendChild(el("b", null, rows.length + " " + noun + " here"));
    rows.slice(0, 25).forEach(function (r) {
      var one = popup(r);
      one.style.cssText += ";border-top:1px solid #ccc;margin-top:6px;padding-top:4px";
      div.appendChild(one);
    });
    if (rows.length > 25) div.appendChild(el("div", null, "and " + (rows.length - 25) + " more (narrow the view)"));
    return div;
  }
  // tooltips and popups are made on first use, from the rows the view shows at that moment
  function lazy(group, rows, shown, tip, popup, noun) {
    function tipText(m) { return geoEsc(tip(shownOf(m, rows, shown))); }
    group.on("mouseover", function (ev) {
      var m = ev.layer;
      if (!m.geoRows) return;
      if (m.getTooltip()) m.setTooltipContent(tipText(m));
      else m.bindTooltip(tipText(m)).openTooltip();
    });
    group.on("click", function (ev) {
      var m = ev.layer;
      if (!m.geoRows) return;
      if (m.getTooltip()) m.setTooltipContent(tipText(m));
      else m.bindTooltip(tipText(m));
      if (!P.popups) return;
      m.unbindPopup();
      m.bindPopup(stackPopup(shownOf(m, rows, shown), popup, noun), {maxWidth: 460}).openPopup();
    });
  }
  lazy(events, P.events, shownEvents, eventTip, eventPopup, "events");
  lazy(claims, P.claims, shownClaims, claimTip, claimPopup, "claims");
  // on the map first: markercluster's addLayers off the map checks each marker against every one
  // queued before it (quadratic: a quarter of a second at 20,000); on the map it clusters them directly
  events.addTo(map);
  claims.addTo(map);
  events.addLayers(eventMarkers);
  claims.addLayers(claimMarkers);
  if (control) {
    control.addOverlay(events, "Events (colour = type; hollow + ring = approximate place)");
    control.addOverlay(claims, "Claims (diamond; colour = claimant's side)");
  }
  function daySpan(d) {  // the first and last day a partial ISO date covers ("2020-02" -> 2020-02-01..2020-02-31)
    d = String(d || "").slice(0, 10);
    if (!/^\d{4}(-\d\d(-\d\d)?)?$/.test(d)) return null;
    return [d + "-01-01".slice(d.length - 4), d + "-12-31".slice(d.length - 4)];
  }
  function set(values) { return values == null ? null : new Set(values.map(String)); }
  // the same tests as geo.mapdata.filter_map_data, on the payload's rows
  function predicates(f) {
    f = f || {};
    var from = f.from || null, to = f.to || null;
    var types = set(f.types), actors = set(f.actors), outlets = set(f.outlets), claimants = set(f.claimants);
    var precisions = f.precisions == null ? null : new Set(f.precisions.map(Number));
    var kinds = f.literalOnly ? new Set(["literal"]) : set(f.kinds);
    var minConf = +f.minConfidence || 0, needle = String(f.text || "").trim().toLowerCase();
    var okKind = P.kinds.map(function (k) { return kinds === null || kinds.has(k); });
    function inDates(d) {
      if (!from && !to) return true;
      var s = daySpan(d);
      return s !== null && (!from || s[1] >= from) && (!to || s[0] <= to);
    }
    function has() {
      if (!needle) return true;
      for (var i = 0; i < arguments.length; i++) {
        if (String(arguments[i] == null ? "" : arguments[i]).toLowerCase().indexOf(needle) >= 0) return true;
      }
      return false;
    }
    function docOk(i) {
      var d = P.docs[i];
      return !!d && d[3] === 1 && (outlets === null || outlets.has(d[0]));
    }
    function gateOk(g) {
      if (!g) return true;
      for (var i = 0; i < g.length; i += 2) if (okKind[g[i]] && g[i + 1] >= minConf) return true;
      return false;
    }
    function actorsOk(a) {
      return actors === null || actors.has(P.actors[a[0]]) || actors.has(P.actors[a[1]]);
    }
    return {
      event: function (e) {
        return docOk(e[12]) && (types === null || types.has(P.types[e[2]][2])) && actorsOk(e[18]) &&
          (precisions === null || (e[5] !== 0 && precisions.has(e[5]))) && inDates(e[3]) && gateOk(e[19]) &&
          has(e[9] + e[20], e[6], P.actors[e[18][0]], P.actors[e[18][1]]);
      },
      claim: function (c) {
        return docOk(c[7]) && (claimants === null || claimants.has(c[4] || "(unknown)")) &&
          inDates(c[3] || P.docs[c[7]][2]) && has(c[6] + c[10], c[4], c[5]);
      }
    };
  }
  // show the rows i for which keep(i) is true; returns how many show.  Only the stacks whose
  // count changes are touched: a stack left with none goes, one that had none comes back, the
  // clusters over one whose count changed are renumbered (when more stacks go than stay,
  // clearing and adding the rest is cheaper for markercluster)
  function update(group, markers, keep, shown) {
    var add = [], drop = [], kept = [], recount = [], total = 0;
    markers.forEach(function (m) {
      var n = 0;
      m.geoRows.forEach(function (i) { var on = keep(i) ? 1 : 0; shown[i] = on; n += on; });
      total += n;
      if (n) kept.push(m);
      if (n && !m.geoShown) add.push(m);
      else if (!n && m.geoShown) drop.push(m);
      else if (n !== m.geoShown) recount.push(m);
      m.geoShown = n;
    });
    if (drop.length > kept.length) {
      group.clearLayers();
      group.addLayers(kept);
    } else {
      if (drop.length) group.removeLayers(drop);
      if (add.length) group.addLayers(add);
      if (recount.length) group.refreshClusters(recount);
    }
    return total;
  }
  function applyFilters(f) {  // needs the full rows (a map with popups)
    var ok = predicates(f);
    return [update(events, eventMarkers, function (i) { return ok.event(P.events[i]); }, shownEvents),
            update(claims, claimMarkers, function (i) { return ok.claim(P.claims[i]); }, shownClaims)];
  }
  function bits(b64, n) {  // a base64 bitmap (bit i: row i, least significant first), or null = all rows
    if (b64 == null) return null;
    var s = atob(b64), out = new Uint8Array(n === undefined ? s.length * 8 : n);
    n = out.length;
    for (var i = 0; i < n; i++) out[i] = (s.charCodeAt(i >> 3) >> (i & 7)) & 1;
    return out;
  }
  // observation posts on the view's last day: [status, stroke, fill, dash, tooltip HTML] or null (not yet there)
  var postLooks = null;
  function stylePost(layer) {
    var cls = (layer.options && layer.options.className) || "", id = /geo-post-id-(\d+)/.exec(cls);
    if (!postLooks || !id || !layer._path) return;
    var look = postLooks[+id[1]];
    layer._path.style.display = look ? "" : "none";
    if (!look) return;
    layer.setStyle({color: look[1], fillColor: look[2], dashArray: look[3]});
    layer._path.setAttribute("class", layer._path.getAttribute("class").replace(/\bgeo-post-(?!id-)\S+/, "geo-post-" + look[0]));
    if (layer.getTooltip()) layer.setTooltipContent(look[4]);  // escaped in Python (geo.popups.esc)
  }
  map.on("layeradd", function (e) { stylePost(e.layer); });  // a post layer switched back on
  // rows chosen in Python (geo.render.visible_rows): {events, claims, places, shapes}, each a bitmap or null
  function showRows(masks) {
    masks = masks || {};
    var ev = bits(masks.events, P.events.length), cl = bits(masks.claims, P.claims.length);
    var pl = bits(masks.places, placeMarkers.length);
    var n = [update(events, eventMarkers, function (i) { return !ev || ev[i]; }, shownEvents),
             update(claims, claimMarkers, function (i) { return !cl || cl[i]; }, shownClaims)];
    placeMarkers.forEach(function (m, i) {
      var on = !pl || pl[i];
      if (on && !m.geoLayer.hasLayer(m)) m.geoLayer.addLayer(m);
      else if (!on && m.geoLayer.hasLayer(m)) m.geoLayer.removeLayer(m);
    });
    if (masks.posts !== undefined) {
      postLooks = masks.posts;
      map.eachLayer(stylePost);
    }
    if (masks.shapes !== undefined) {
      var sh = bits(masks.shapes);
      document.querySelectorAll("[class*='geo-shape-']").forEach(function (el) {
        var i = +(/geo-shape-(\d+)/.exec(el.getAttribute("class")) || [0, -1])[1];
        el.style.display = !sh || sh[i] ? "" : "none";
      });
    }
    return n;
  }
  function filterIds(f) {
    var ok = predicates(f);
    return {events: P.events.filter(ok.event).map(function (e) { return e[15]; }),
            claims: P.claims.filter(ok.claim).map(function (c) { return c[8]; })};
  }
  var current = {};
  function applyRange(from, to) {  // the timeline's days, on top of the other filters last applied
    var all = !P.dates || (from <= P.dates[0] && to >= P.dates[1]);
    return applyFilters(Object.assign({}, current, {from: all ? null : from, to: all ? null : to}));
  }
  function applyView(f) {  // the view's filters (the dashboard's sidebar): the timeline then narrows them
    current = Object.assign({}, f || {});
    return applyFilters(current);
  }
  var searchLayer = L.layerGroup(P.places.map(function (p) {
    return L.circleMarker([p[1], p[2]], {title: p[0], radius: 1, opacity: 0, fillOpacity: 0, interactive: false});
  }));
  if (L.Control.Search) {
    map.addControl(new L.Control.Search({
      layer: searchLayer, propertyName: "title", initial: false, zoom: 11, position: "topleft",
      textPlaceholder: "Search places\u2026", hideMarkerOnCollapse: true,
      buildTip: function (text) { var a = el("a", null, text); a.href = "#"; return a; },
      marker: {icon: false, circle: {radius: 16, weight: 3, color: "#e03", stroke: true, fill: false}}
    }));
  }
  // the rows on the map: those the view shows, of the stacks in their layer
  function shownRows() {
    function on(group, markers, shown) {
      var out = [];
      markers.forEach(function (m) {
        if (group.hasLayer(m)) m.geoRows.forEach(function (i) { if (shown[i]) out.push(i); });
      });
      return out.sort(function (a, b) { return a - b; });
    }
    return {events: on(events, eventMarkers, shownEvents), claims: on(claims, claimMarkers, shownClaims)};
  }
  function shownCount() {  // [events, claims] the view shows
    var n = [0, 0];
    eventMarkers.forEach(function (m) { n[0] += m.geoShown; });
    claimMarkers.forEach(function (m) { n[1] += m.geoShown; });
    return n;
  }
  var api = {map: map, events: events, claims: claims, eventMarkers: eventMarkers, claimMarkers: claimMarkers,
             placeMarkers: placeMarkers, applyRange: applyRange, applyFilters: applyView, filterIds: filterIds,
             showRows: showRows, shownRows: shownRows, shownCount: shownCount, payload: P, dates: P.dates};
  window.geoMap = api;
  {% if this.timeline %}
  var DAY = 86400000;
  function toDay(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
  function fromDay(t) { return new Date(t).toISOString().slice(0, 10); }
  var first = toDay(P.dates[0]), span = Math.round((toDay(P.dates[1]) - first) / DAY);
  var timeline = L.control({position: "bottomright"});
  timeline.onAdd = function () {
    var div = el("div", "geo-timeline leaflet-bar");
    div.style.cssText = "background:rgba(255,255,255,.95);padding:6px 9px;font:12px sans-serif;min-width:280px";
    div.appendChild(el("b", null, "Timeline"));
    var label = el("div", "geo-timeline-label");
    var lo = el("input", "geo-timeline-from"), hi = el("input", "geo-timeline-to");
    [lo, hi].forEach(function (input, i) {
      input.type = "range"; input.min = 0; input.max = span; input.step = 1; input.value = i ? span : 0;
      input.style.width = "100%";
      input.setAttribute("aria-label", i ? "last day shown" : "first day shown");
    });
    var timer = null;
    function update() {
      var a = Math.min(+lo.value, +hi.value), b = Math.max(+lo.value, +hi.value);
      var from = fromDay(first + a * DAY), to = fromDay(first + b * DAY);
      label.textContent = from + " to " + to;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var n = applyRange(from, to);
        label.textContent = from + " to " + to + " \u00b7 " + n[0] + " events, " + n[1] + " claims";
      }, 120);
    }
    lo.addEventListener("input", update);
    hi.addEventListener("input", update);
    div.appendChild(label); div.appendChild(lo); div.appendChild(hi);
    label.textContent = P.dates[0] + " to " + P.dates[1] + " \u00b7 all " + P.events.length + " events";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  timeline.addTo(map);
  {% endif %}
})();
"""

/* The "Indicators over time" panel: each indicator's `techties watch` snapshots as a small chart.
   Its own section, styles and requests; from app.js it takes `ivalue` (a value with its unit, as the
   indicator table prints it) and the "techties:apply" event (every Apply and select change).
   Untrusted text (names, scope labels) is only ever inserted with textContent. */
"use strict";
(() => {
  const NS = "http://www.w3.org/2000/svg";
  const W = 220, H = 80, P = 6, B = 14;  /* B: room for the dates under the line */

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function svgEl(tag, attrs, parent) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }
  /* a snapshot's value with its unit, as the indicator table prints it ("60%", "$560.0M", "7 works"):
     a bare 560,000,000 or 60 did not say dollars or percent */
  function fmt(v, unit) {
    if (v === null || v === undefined) return "n/a";
    return ivalue({value: v, unit});
  }

  /* one indicator: a sparkline of its values, one point per snapshot (hover: date and value) */
  function spark(ind) {
    const pts = ind.points.filter(p => p.value !== null);
    const svg = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", class: "watch-spark", "data-indicator": ind.id});
    if (!pts.length) { const t = svgEl("text", {x: P, y: H / 2}, svg); t.textContent = "no value yet"; return svg; }
    const vs = pts.map(p => p.value), lo = Math.min(0, ...vs), hi = Math.max(...vs);
    const X = i => pts.length === 1 ? W / 2 : P + i * (W - 2 * P) / (pts.length - 1);
    const Y = v => hi === lo ? (H - B) / 2 : H - B - (v - lo) / (hi - lo) * (H - B - 2 * P);
    const label = (x, y, s, anchor) => {
      const t = svgEl("text", {x, y, class: "watch-label", "text-anchor": anchor}, svg);
      t.textContent = s;
    };
    label(P, H - 2, (pts[0].taken_at || "").slice(0, 10), "start");
    if (pts.length > 1) label(W - P, H - 2, (pts[pts.length - 1].taken_at || "").slice(0, 10), "end");
    label(P, P + 6, `max ${fmt(hi, ind.unit)}`, "start");
    svgEl("polyline", {class: "watch-series", points: pts.map((p, i) => `${X(i)},${Y(p.value)}`).join(" ")}, svg);
    pts.forEach((p, i) => {
      const c = svgEl("circle", {class: "watch-pt", cx: X(i), cy: Y(p.value), r: 3, "data-value": p.value,
                                 "data-seq": p.seq}, svg);
      const title = svgEl("title", {}, c);
      title.textContent = `snapshot ${p.seq}, ${p.taken_at} (data as of ${p.as_of || "unknown"}): ${fmt(p.value, ind.unit)}`;
    });
    return svg;
  }

  /* the scope's stored alerts, newest first, as `techties watch` printed them (its message), each with the
     SYNTHETIC line the Atom feed gives it: an alert on demo works is no real change */
  function alerts(list) {
    if (!list.length) return el("p", {class: "note watch-alerts"}, "No alerts in this scope.");
    const items = list.map(a => el("li", {"data-rule": a.rule, "data-indicator": a.indicator},
      `${(a.taken_at || "").slice(0, 10)} · ${a.rule}: ${a.message}`,
      ...(a.synthetic ? [el("div", {class: "synthetic"}, a.synthetic)] : [])));
    return el("div", {class: "watch-alerts"}, el("h4", {}, `Alerts (${list.length}, newest first)`), el("ol", {}, ...items));
  }

  function render(box, data) {
    box.replaceChildren();
    if (!data.scopes.length) {
      box.appendChild(el("p", {class: "note"}, `No snapshots of ${data.pair} yet: run `,
                         el("code", {}, "techties watch --pair " + data.pair.replace("-", " ")), "."));
      return;
    }
    for (const s of data.scopes) {
      const label = [s.pair, s.baseline ? `vs ${s.baseline}` : "", s.area ? `area ${s.area}` : "", s.years || ""]
        .filter(Boolean).join(" · ");
      const grid = el("div", {class: "watch-grid"});
      for (const ind of s.indicators) {
        const last = ind.points[ind.points.length - 1], prev = ind.points[ind.points.length - 2];
        const syn = (s.synthetic || {})[ind.id];  /* its "now" value counts synthetic works: said on the card */
        grid.appendChild(el("figure", {class: "watch-card", "data-indicator": ind.id},
          el("figcaption", {}, ind.name),
          spark(ind),
          ...(syn ? [el("div", {class: "synthetic"}, syn)] : []),
          el("div", {class: "note"}, `${fmt(last.value, ind.unit)} now`, prev ? ` · ${fmt(prev.value, ind.unit)} before` : "",
             ` · ${ind.points.length} snapshot${ind.points.length === 1 ? "" : "s"}`)));
      }
      box.appendChild(el("div", {class: "watch-scope", "data-scope": s.scope}, el("h3", {}, label), alerts(s.alerts || []), grid));
    }
  }

  /* an answer that arrives after a newer request is dropped (as app.js's generations) */
  let asked = 0;
  async function load(box) {
    const mine = ++asked;
    const f = new FormData(document.querySelector("#filters"));
    const q = new URLSearchParams({a: f.get("a") || "CN", b: f.get("b") || "RU"});
    try {
      const r = await fetch("/api/watch?" + q);
      const body = await r.json();
      if (!r.ok) throw new Error(body.detail || r.statusText);
      if (mine === asked) render(box, body);
    } catch (e) {
      if (mine === asked) box.replaceChildren(el("p", {class: "note"}, "Indicators over time: " + e.message));
    }
  }

  function init() {
    const css = el("link", {rel: "stylesheet", href: "/static/watch.css"});
    document.head.appendChild(css);
    const box = el("div", {id: "watch"});
    const panel = el("section", {class: "panel", id: "watch-panel"}, el("h2", {}, "Indicators over time"), box,
                     el("p", {class: "note"}, "One point per ", el("code", {}, "techties watch"),
                        " snapshot of the pair (hover a point for its date and value)."));
    const main = document.querySelector("main");
    const anchor = document.querySelector("#provenance");
    main.insertBefore(panel, anchor ? anchor.closest("section") : null);
    /* every view change, not only the Apply button: a select changed after a new pair kept the old pair's panel */
    document.addEventListener("techties:apply", () => load(box));
    load(box);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

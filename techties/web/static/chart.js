/* Small SVG charts for the dashboard: line chart, horizontal bars, force-laid network.
   Every label is set with textContent (labels come from data and are untrusted). */
"use strict";
const Chart = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#c0392b", "#2471a3", "#7d3c98", "#1e8449", "#b9770e", "#566573"];
  function el(tag, attrs, parent) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, attrs) {
    const t = el("text", Object.assign({x, y}, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function svg(container, w, h) {
    container.replaceChildren();
    return el("svg", {viewBox: `0 0 ${w} ${h}`, role: "img"}, container);
  }
  /* Whole-number ticks from 0 up to at least vmax (counts of works have no fractions): a step of
     1, 2 or 5 times a power of ten, at most 5 intervals; the last tick is the axis top. */
  function integerTicks(vmax) {
    const top = Math.max(1, Math.ceil(vmax));
    let step = 1;
    for (let p = 1; ; p *= 10) {
      const found = [1, 2, 5].map(m => m * p).find(st => Math.ceil(top / st) <= 5);
      if (found) { step = found; break; }
    }
    const out = [];
    for (let v = 0; v < top + step; v += step) { out.push(v); if (v >= top) break; }
    return out;
  }
  /* series: [{label, points: [{x, y, payload}]}]; onClick(series, point) */
  function line(container, series, opts) {
    const W = 960, H = 300, L = 48, R = 110, T = 12, B = 28;
    const s = svg(container, W, H);
    const xs = series.flatMap(d => d.points.map(p => p.x));
    if (!xs.length) { text(s, L, H / 2, "no data for this selection"); return s; }
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    const ticks = integerTicks(Math.max(1, ...series.flatMap(d => d.points.map(p => p.y))));
    const ymax = ticks[ticks.length - 1];
    const X = x => L + (x1 === x0 ? (W - L - R) / 2 : (x - x0) / (x1 - x0) * (W - L - R));
    const Y = y => H - B - y / ymax * (H - T - B);
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis"}, s);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, class: "axis"}, s);
    for (const v of ticks) text(s, L - 6, Y(v) + 4, String(v), {"text-anchor": "end", class: "ytick"});
    const step = Math.max(1, Math.ceil((x1 - x0 + 1) / 12));
    for (let x = x0; x <= x1; x += step) text(s, X(x), H - B + 16, String(x), {"text-anchor": "middle"});
    series.forEach((d, i) => {
      const c = COLOURS[i % COLOURS.length];
      el("polyline", {points: d.points.map(p => `${X(p.x)},${Y(p.y)}`).join(" "), fill: "none", stroke: c,
                      "stroke-width": 2, class: "series"}, s);
      d.points.forEach(p => {
        const dot = el("circle", {cx: X(p.x), cy: Y(p.y), r: 4, fill: c, class: "pt",
                                  "data-series": d.label, "data-x": p.x, "data-y": p.y}, s);
        const tip = el("title", {}, dot);
        tip.textContent = `${d.label} ${p.x}: ${p.y}`;
        if (opts && opts.onClick) dot.addEventListener("click", () => opts.onClick(d, p));
      });
      const ly = T + 14 + i * 16;
      el("rect", {x: W - R + 10, y: ly - 9, width: 10, height: 10, fill: c}, s);
      text(s, W - R + 24, ly, d.label);
    });
    return s;
  }
  /* items: [{label, value, payload}] horizontal bars */
  function bars(container, items, opts) {
    const W = 720, row = 22, L = 260, R = 50, T = 6;
    const H = T * 2 + Math.max(1, items.length) * row;
    const s = svg(container, W, H);
    if (!items.length) { text(s, 10, 18, "no data for this selection"); return s; }
    const vmax = Math.max(1, ...items.map(d => d.value));
    items.forEach((d, i) => {
      const y = T + i * row;
      const label = d.label.length > 40 ? d.label.slice(0, 39) + "…" : d.label;
      text(s, L - 6, y + 15, label, {"text-anchor": "end"});
      const w = d.value / vmax * (W - L - R);
      const b = el("rect", {x: L, y: y + 3, width: Math.max(w, 1), height: row - 6, fill: COLOURS[1], class: "bar",
                            "data-value": d.value}, s);
      const tip = el("title", {}, b);
      tip.textContent = `${d.label}: ${d.value}`;
      if (opts && opts.onClick) b.addEventListener("click", () => opts.onClick(d));
      text(s, L + w + 4, y + 15, String(d.value));
    });
    return s;
  }
  /* nodes: [{id, label, country, works}], edges: [{source, target, works}] — a few hundred
     iterations of a plain spring/repulsion layout, deterministic (seeded by index). */
  function network(container, nodes, edges) {
    const W = 1000, H = 520;
    const s = svg(container, W, H);
    if (!nodes.length) { text(s, 10, 18, "no organisations for this selection"); return s; }
    const idx = new Map(nodes.map((n, i) => [n.id, i]));
    const countries = [...new Set(nodes.map(n => n.country))];
    const P = nodes.map((n, i) => ({x: W / 2 + 150 * Math.cos(i * 2.4) * (countries.indexOf(n.country) ? 1 : 0.6),
                                    y: H / 2 + 150 * Math.sin(i * 2.4), vx: 0, vy: 0}));
    const E = edges.filter(e => idx.has(e.source) && idx.has(e.target)).map(e => [idx.get(e.source), idx.get(e.target), e.works]);
    for (let it = 0; it < 300; it++) {
      for (let i = 0; i < P.length; i++) for (let j = i + 1; j < P.length; j++) {
        let dx = P[i].x - P[j].x, dy = P[i].y - P[j].y; const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 3000 / d2; dx *= f / Math.sqrt(d2); dy *= f / Math.sqrt(d2);
        P[i].vx += dx; P[i].vy += dy; P[j].vx -= dx; P[j].vy -= dy;
      }
      for (const [a, b] of E) {
        const dx = P[b].x - P[a].x, dy = P[b].y - P[a].y, f = 0.01;
        P[a].vx += dx * f; P[a].vy += dy * f; P[b].vx -= dx * f; P[b].vy -= dy * f;
      }
      for (const p of P) {
        p.vx += (W / 2 - p.x) * 0.005; p.vy += (H / 2 - p.y) * 0.005;
        p.x = Math.min(W - 20, Math.max(20, p.x + p.vx * 0.5)); p.y = Math.min(H - 12, Math.max(12, p.y + p.vy * 0.5));
        p.vx *= 0.6; p.vy *= 0.6;
      }
    }
    const wmax = Math.max(1, ...E.map(e => e[2]));
    for (const [a, b, w] of E) el("line", {x1: P[a].x, y1: P[a].y, x2: P[b].x, y2: P[b].y, stroke: "#aab7b8",
                                            "stroke-width": 0.5 + 3 * w / wmax}, s);
    const nmax = Math.max(1, ...nodes.map(n => n.works));
    const legend = el("g", {class: "legend"}, s);
    countries.forEach((c, k) => {
      el("circle", {cx: 14, cy: 14 + k * 18, r: 6, fill: COLOURS[k % COLOURS.length]}, legend);
      text(legend, 26, 18 + k * 18, `${c} organisation`);
    });
    const ly = 14 + countries.length * 18;
    el("line", {x1: 8, y1: ly + 4, x2: 22, y2: ly + 4, stroke: "#aab7b8", "stroke-width": 3}, legend);
    text(legend, 26, ly + 8, `co-authored works (thickest: ${wmax})`);
    text(legend, 26, ly + 26, `dot size: works of the organisation (largest: ${nmax})`);
    nodes.forEach((n, i) => {
      const c = COLOURS[countries.indexOf(n.country) % COLOURS.length];
      const dot = el("circle", {cx: P[i].x, cy: P[i].y, r: 4 + 8 * Math.sqrt(n.works / nmax), fill: c, class: "node"}, s);
      const tip = el("title", {}, dot); tip.textContent = `${n.label} (${n.country}): ${n.works} works`;
      const label = n.label.length > 28 ? n.label.slice(0, 27) + "…" : n.label;
      text(s, P[i].x + 8, P[i].y + 4, label, {"font-size": 9});
    });
    return s;
  }
  return {line, bars, network, integerTicks};
})();

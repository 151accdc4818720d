/* The dashboard page: reads the filters, calls the JSON API, draws charts and tables.
   Untrusted text (titles, names, sources) is only ever inserted with textContent. */
"use strict";
const $ = sel => document.querySelector(sel);

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/* The page's address carries the query (?a=CN&b=US&baseline=&years=2015-2019&area=ai&language=zh&rule=whole):
   it fills the form at load, and each Apply writes it back, so a view can be shared or bookmarked. A value
   the form cannot hold (years=abc, area=foo) is sent as written until the next Apply, so the API answers
   with the CLI's message instead of the page quietly showing the defaults. So is a key the form does not
   have (?pair=US&pair=GB, ?year=2015): the API names it, where the page showed CN-RU over all years. */
const KEYS = ["a", "b", "baseline", "area", "language", "years", "rule"];
let fromUrl = null;

function readUrl() {
  const u = new URLSearchParams(location.search);
  const form = $("#filters");
  if (![...u.keys()].length) return;
  fromUrl = new URLSearchParams();
  for (const k of new Set(u.keys())) {
    const v = u.get(k);
    fromUrl.set(k, v);
    if (!KEYS.includes(k)) continue;
    if (k === "years") {
      const m = /^\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*$/.exec(v);
      form.elements.y1.value = m ? m[1] : (v ? form.elements.y1.value : "");
      form.elements.y2.value = m ? (m[2] || m[1]) : (v ? form.elements.y2.value : "");
    } else form.elements[k].value = v;
  }
}

function params() {
  const f = new FormData($("#filters"));
  const p = new URLSearchParams();
  p.set("a", f.get("a")); p.set("b", f.get("b"));
  p.set("baseline", f.get("baseline") || "");  /* sent when empty: the API's default baseline is US */
  if (f.get("area")) p.set("area", f.get("area"));
  if (f.get("language")) p.set("language", f.get("language"));
  /* one year alone is sent as it is, so the API says what is wrong instead of silently meaning all years */
  if (f.get("y1") || f.get("y2")) p.set("years", `${f.get("y1") || ""}-${f.get("y2") || ""}`);
  if (f.get("rule")) p.set("rule", f.get("rule"));
  if (fromUrl) for (const [k, v] of fromUrl) { if (v === "" && k !== "baseline") p.delete(k); else p.set(k, v); }
  return p;
}

async function getJSON(url) {
  const r = await fetch(url);
  let body = null;
  try { body = await r.json(); } catch (e) { if (r.ok) throw new Error(`${url.split("?")[0]}: not JSON`); }
  if (!r.ok) {
    const d = body && body.detail;
    throw new Error(typeof d === "string" ? d : (d ? JSON.stringify(d) : `${r.status} ${r.statusText}`));
  }
  return body;
}

function showError(msg) {
  const e = $("#error");
  e.hidden = !msg;
  e.textContent = msg || "";
}

function safeLink(url, label) {
  if (typeof url === "string" && /^https:\/\//.test(url)) return h("a", {href: url, rel: "noopener noreferrer", target: "_blank"}, label);
  return document.createTextNode(label);
}

/* a table's download links: the page's own query to /api/export.csv (.parquet for a research table), which
   writes what the CLI writes for it (web/export.py); `extra` names a drill-down's records; `ofView` false for the
   screening hits, which are the warehouse's whatever the view (a bad year in the view must not refuse them) */
function exportLinks(name, extra, parquet, ofView = true) {
  const p = ofView ? params() : new URLSearchParams(); p.set("table", name);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  const link = fmt => h("a", {href: `/api/export.${fmt}?${p}`, download: "", class: "export", "data-export": name,
                              "data-format": fmt}, fmt.toUpperCase());
  return h("p", {class: "exports note"}, "Download ", link("csv"), parquet ? " · " : null, parquet ? link("parquet") : null);
}

/* a generic table; countCol: the column whose cells drill down (table name given). Synthetic works behind it
   are said above it, and where only some rows rest on them, a column counts them per row (as the brief). */
function table(t, countCol, exportable = true) {
  const syn = t.synthetic, mixed = syn && syn.synthetic < syn.works;
  const head = h("tr", {}, ...t.columns.map(c => h("th", {}, c)), mixed ? h("th", {}, "synthetic works") : null);
  const rows = t.rows.map((r, i) => h("tr", {}, ...r.map((v, j) => {
    const cell = v === null ? "" : v;
    if (t.n_ids && t.columns[j] === countCol && t.n_ids[i] > 0) {
      return h("td", {}, h("button", {class: "count", type: "button", "data-table": t.name, "data-row": i,
                                      onclick: () => drill(t.name, i, `${t.title}: ${r.slice(0, j).join(" · ")}`)}, cell));
    }
    return h("td", {}, cell);
  }), mixed ? h("td", {class: "synthetic"}, syn.per_row[i]) : null));
  const out = h("div", {}, syn ? h("p", {class: "synthetic"}, syn.sentence) : null,
                h("table", {"data-name": t.name}, h("thead", {}, head), h("tbody", {}, ...rows)));
  if (!t.rows.length) out.appendChild(h("p", {class: "note"}, "No rows for this selection."));
  if (t.note) out.appendChild(h("p", {class: "note"}, t.note));
  if (exportable) out.appendChild(exportLinks(t.name, null, true));
  return out;
}

let current = null;

async function drill(tableName, row, label) {
  const p = params(); p.set("table", tableName); p.set("row", row);
  const box = $("#drill");
  box.replaceChildren(h("p", {class: "note"}, "loading…"));
  $("#drill-title").textContent = label || "";
  try {
    const d = await getJSON(`/api/drill?${p}`);
    const items = d.works.map(workItem);
    box.replaceChildren(h("p", {class: "note"}, `${d.n} works${d.n > d.works.length ? `, first ${d.works.length} shown` : ""}`),
                        h("ol", {id: "drill-list"}, ...items), exportLinks("drill", {of: tableName, row}));
    $("#drill-panel").scrollIntoView({block: "nearest"});
  } catch (e) { box.replaceChildren(h("p", {class: "error"}, String(e.message))); }
}

function workItem(w) {
  return h("li", {"data-work-id": w.work_id},
    h("span", {class: "title"}, w.title || "(no title)"), " ",
    h("span", {class: "note"}, `(${w.year ?? "?"}${w.language ? ", " + w.language : ""}, ${w.cited_by_count ?? 0} citations) `),
    w.doi ? safeLink(w.doi, "DOI") : null,
    w.synthetic ? h("span", {class: "synthetic"}, " synthetic") : null,
    h("div", {class: "note"}, w.affiliations.map(a => `${a.author || "?"} — ${a.institution || "?"} (${a.country || "?"})`).join("; ")));
}

/* the records behind an indicator's value, as metrics listed them (works, deals, initiatives) */
async function drillIndicator(id, label) {
  const p = params(); p.set("id", id);
  const box = $("#drill");
  box.replaceChildren(h("p", {class: "note"}, "loading…"));
  $("#drill-title").textContent = label || "";
  try {
    const d = await getJSON(`/api/drill-indicator?${p}`);
    const deals = d.deals.map(x => h("li", {"data-deal-id": x.deal_id}, h("span", {class: "title"}, x.target || x.deal_id), " ",
      h("span", {class: "note"}, `(${x.announced_on || "undated"}, ${x.target_country || "?"}, ${x.disclosed ? `${num(x.amount)} ${x.currency || ""}` : "undisclosed"})`)));
    const inits = d.initiatives.map(x => h("li", {"data-initiative-id": x.initiative_id}, h("span", {class: "title"}, x.title || x.initiative_id), " ",
      h("span", {class: "note"}, `(${x.kind || "?"}, ${x.started_on || "undated"}, ${x.status || "?"})`)));
    /* replaceChildren writes a null as the text "null" (h() skips them, the DOM does not): the parts absent
       are filtered out, or the drill read "nullnullnull" above its records */
    box.replaceChildren(...[h("p", {class: "note"}, `${d.n} records: ${d.counts}${d.n_works > d.works.length ? `; first ${d.works.length} works shown` : ""}`),
                            d.note ? h("p", {class: "note"}, d.note) : null,
                            d.works.length ? h("ol", {id: "drill-list"}, ...d.works.map(workItem)) : null,
                            deals.length ? h("div", {}, h("h3", {}, "Deals"), h("ol", {}, ...deals),
                                             exportLinks("drill-indicator-deals", {id})) : null,
                            inits.length ? h("div", {}, h("h3", {}, "Initiatives"), h("ol", {}, ...inits),
                                             exportLinks("drill-indicator-initiatives", {id})) : null,
                            d.works.length ? exportLinks("drill-indicator", {id}) : null].filter(Boolean));
    $("#drill-panel").scrollIntoView({block: "nearest"});
  } catch (e) { box.replaceChildren(h("p", {class: "error"}, String(e.message))); }
}

function cards(res) {
  const s = res.tables.find(t => t.name === "summary");
  const box = $("#cards");
  const synthetic = i => (s.synthetic && s.synthetic.per_row[i] > 0 ?
    h("div", {class: "k synthetic"}, `SYNTHETIC: ${worksPhrase(s.synthetic.per_row[i], s.n_ids[i])} listed`) : null);
  box.replaceChildren(...(s ? s.rows : []).map((r, i) => h("div", {class: "card", "data-pair": r[0]},
    h("div", {class: "v"}, r[1]), h("div", {class: "k"}, `${r[0]} co-authored works`),
    h("div", {class: "k"}, r[4] ? `growth ×${r[4]}` : "growth n/a"), synthetic(i))));
}

/* under a chart: the synthetic works behind the table it draws ("" when none) */
function chartSynthetic(sel, t, what) {
  $(sel).textContent = t && t.synthetic ? `SYNTHETIC: ${worksPhrase(t.synthetic.synthetic, t.synthetic.works)} behind ${what}` : "";
}

/* After an error nothing of the previous query may stay on screen: it would read as the answer. */
function clearResults() {
  current = null;
  for (const id of ["#cards", "#shares", "#chart-yearly", "#chart-fields", "#table-pairs", "#tables-other", "#network",
                    "#drill", "#indicators", "#yearly-synthetic", "#fields-synthetic", "#yearly-export", "#fields-export",
                    "#indicators-export"]) $(id).replaceChildren();
  $("#notes").textContent = "";
  $("#drill-title").textContent = "";
}

/* Each Apply starts a new generation; an answer that arrives after a newer Apply is dropped, so a slow
   earlier query (a select changed just before the years) can never be drawn over the latest one. */
let generation = 0;

async function loadResearch() {
  const gen = generation;
  showError("");
  let res;
  try { res = await getJSON(`/api/research?${params()}`); } catch (e) {
    if (gen === generation) { clearResults(); showError(String(e.message)); }
    return;
  }
  if (gen !== generation) return;
  current = res;
  cards(res);
  shares(res.shares || []);
  $("#notes").textContent = res.notes.join(" · ");
  const y = res.tables.find(t => t.name === "yearly");
  const byPair = new Map();
  y.rows.forEach((r, i) => {
    if (!byPair.has(r[0])) byPair.set(r[0], {label: r[0], points: []});
    if (r[2] === null) return;  // a year of a pair not fetched with no stored count: unknown, not 0
    byPair.get(r[0]).points.push({x: r[1], y: r[2], row: i});
  });
  Chart.line($("#chart-yearly"), [...byPair.values()], {
    onClick: (d, p) => { if (p.y > 0 && (!y.n_ids || y.n_ids[p.row] > 0)) drill("yearly", p.row, `${d.label} ${p.x}`); }});
  const main = `${res.query.a}-${res.query.b}`;
  const f = res.tables.find(t => t.name === "top_fields");
  const fields = f.rows.map((r, i) => ({label: r[2], value: r[3], row: i, scope: r[0]})).filter(d => d.scope === main);
  Chart.bars($("#chart-fields"), fields, {onClick: d => drill("top_fields", d.row, `${main}: ${d.label}`)});
  chartSynthetic("#yearly-synthetic", y, "this chart");
  chartSynthetic("#fields-synthetic", f, "the top fields table (all pairs)");
  $("#yearly-export").replaceChildren(exportLinks("yearly", null, true));
  $("#fields-export").replaceChildren(exportLinks("top_fields", null, true));
  $("#indicators-export").replaceChildren(exportLinks("indicators"));
  $("#table-pairs").replaceChildren(table(res.tables.find(t => t.name === "top_institution_pairs"), "works"));
  const others = ["summary", "pair_output", "top_fields", "companies", "top_funders", "citation_impact", "by_language", "listed_collaborations"];
  $("#tables-other").replaceChildren(...others.map(n => res.tables.find(t => t.name === n)).filter(Boolean)
    .map(t => t.name === "summary" ? withDenominators(t, res.shares || [], res.pair_works || []) : t)
    .map(t => h("details", {}, h("summary", {}, t.title), table(t, "works"))));
  indicators(res.indicators || []);
  loadNetwork();
}

/* numbers as the brief prints them: whole counts without decimals, estimates with one */
function num(v) {
  const n = Number(v);
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", {maximumFractionDigits: 1});
}

/* a share with what it is out of, as metrics gave it (denominators.share_denominators): "7 of 330 CN works" */
function outOf(s) {
  if (s.denominator === null) return `${s.country}'s output unknown: ${s.reason}`;
  return `${s.works === null ? "unknown" : s.works} of ${num(s.denominator)} ${s.country} works`;
}

/* the 95% interval of an estimated output and of the share; of the share alone where only the pair's
   works are estimated (a baseline pair techties collect did not fetch) */
function interval(s) {
  const share = s.share_low === null ? "" : `share ${s.share_low.toFixed(2)}–${s.share_high === null ? "?" : s.share_high.toFixed(2)}%`;
  if (s.low === null || s.high === null) return share;
  return `${num(s.low)}–${num(s.high)} works${share ? "; " + share : ""}`;
}

function shares(list) {
  $("#shares").replaceChildren(list.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["pair", "share of", "share", "out of", "source", "95% interval"].map(c => h("th", {}, c)))),
    h("tbody", {}, ...list.map(s => h("tr", {"data-share": `${s.pair}:${s.country}`}, h("td", {}, s.pair), h("td", {}, s.country),
      h("td", {class: "share"}, s.share_pct === null ? "unknown" : `${Number(s.share_pct).toFixed(2)}%`),
      h("td", {class: "of"}, outOf(s)), h("td", {class: "source"}, s.sources.join(", ")), h("td", {class: "interval"}, interval(s)))))) :
    h("p", {class: "note"}, "No shares for this selection."), ...(list.length ? [exportLinks("shares")] : []));
}

/* the summary table with each share's denominator, source and interval beside it, and the works and
   ratio of a baseline pair whose records were not fetched with their method and interval (metrics'
   count_series.pair_works) */
function withDenominators(t, list, pairWorks) {
  const by = new Map(list.map(s => [`${s.pair}:${s.column}`, s]));
  const had = new Map((pairWorks || []).map(p => [p.pair, p]));
  const rows = t.rows.map(r => r.map((v, j) => {
    const p = had.get(r[0]), col = t.columns[j];
    if (p && col === "works") {
      const est = p.sources.includes("sample-estimate") && p.low !== null ? `; 95% interval ${num(p.low)}–${num(p.high)} works` : "";
      return p.works === null ? `unknown (${p.method}: ${p.reason})` : `${v} (${p.method}${est})`;
    }
    if (p && col === "ratio_main_to_pair" && v !== null && p.ratio_low !== null && p.sources.includes("sample-estimate"))
      return `${v} (95% interval ${p.ratio_low}–${p.ratio_high === null ? "?" : p.ratio_high})`;
    const s = by.get(`${r[0]}:${col}`);
    if (!s) return v;
    const est = interval(s);
    return `${v === null ? "unknown" : Number(v).toFixed(2) + "%"} (${outOf(s)}; ${s.sources.join(", ")}${est ? "; 95% " + est : ""})`;
  }));
  return {...t, rows};
}

/* an indicator's value as the brief prints it: with its unit, "no data" when the data cannot answer; at most
   two decimals and none added (metrics rounds citation_impact to 13.2: 5 of 38 is 13.16%, "13.20%" claimed a
   digit it does not have) */
function ivalue(i) {
  if (i.value === null || i.value === undefined) return "no data";
  const n = Number(i.value);
  const v = n.toLocaleString("en-US", {maximumFractionDigits: 2});
  if (i.unit === "pct") return `${v}%`;
  if (i.unit === "usd") return n === 0 ? "$0" : `$${(n / 1e6).toLocaleString("en-US", {minimumFractionDigits: 1, maximumFractionDigits: 1})}M`;
  if (i.unit === "ratio") return `${v}×`;
  return i.unit && i.unit !== "count" ? `${v} ${i.unit}` : v;
}

// '2 of the 3 works', 'all 3 works', 'the only work': as metrics.synthetic.works_phrase words it
function worksPhrase(synthetic, works) {
  if (synthetic === works) return works === 1 ? "the only work" : `all ${works} works`;
  return `${synthetic} of the ${works} works`;
}

function indicators(list) {
  $("#indicators").replaceChildren(list.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["indicator", "value", "of", "trend", "status", "needs / note"].map(c => h("th", {}, c)))),
    h("tbody", {}, ...list.map(i => h("tr", {"data-id": i.id}, h("td", {}, i.name), h("td", {}, i.n_records > 0
        ? h("button", {class: "count", type: "button", "data-indicator": i.id, onclick: () => drillIndicator(i.id, i.name)}, ivalue(i))
        : ivalue(i)),
      h("td", {}, i.denominator === null ? "" : i.denominator), h("td", {}, i.trend || ""), h("td", {class: `status-${i.status}`}, i.status), h("td", {class: "note"},
        i.synthetic ? h("span", {class: "synthetic"}, `SYNTHETIC: ${worksPhrase(i.synthetic.synthetic, i.synthetic.works)} behind it `) : null,
        i.needs ? `needs: ${i.needs}` : (i.note || "")))))) :
    h("p", {class: "note"}, "No indicators for this selection."));
}

/* a screening hit's "why" in words: the alias matched, the features, the list and its listing date */
function why(x) {
  const w = x.why || {};
  return h("div", {class: "why"},
    h("div", {}, `matched ${w.alias || "?"} of “${x.entry || x.entry_id}”`),
    w.features ? h("div", {class: "note"}, w.features) : null,
    h("div", {class: "note"}, `list ${x.list_id || "?"}${x.program ? " (" + x.program + ")" : ""}, listed ${w.listed_on || "not given"}`));
}

async function loadNetwork() {
  const p = params(); p.delete("baseline");
  try {
    const n = await getJSON(`/api/network?${p}`);
    Chart.network($("#network"), n.nodes, n.edges);
  } catch (e) { $("#network").replaceChildren(h("p", {class: "error"}, String(e.message))); }
}

async function loadSide() {
  const gen = generation;
  const p = params();  /* the side panels are slices of the same query's view */
  try {
    const s = await getJSON("/api/screening");
    /* the note says what part of the warehouse's hits is listed (none, or the first 200 of more) */
    $("#screening").replaceChildren(...[s.note ? h("p", {class: "note"}, s.note) : null, s.hits.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["subject", "list", "entry", "score", "why", "decision"].map(c => h("th", {}, c)))),
      h("tbody", {}, ...s.hits.map(x => h("tr", {}, h("td", {}, x.subject), h("td", {}, x.list_id || ""), h("td", {}, x.entry || x.entry_id),
        h("td", {}, x.score === null ? "" : Number(x.score).toFixed(2)),
        h("td", {}, why(x)),
        h("td", {}, x.decision || ""))))) : null, s.hits.length ? exportLinks("screening", null, false, false) : null].filter(Boolean));
  } catch (e) { $("#screening").replaceChildren(h("p", {class: "error"}, String(e.message))); }
  try {
    const d = await getJSON(`/api/deals?${p}`);
    if (gen !== generation) return;
    $("#deals").replaceChildren(
      h("p", {class: "note"}, d.report.rule_text),
      d.deals.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["date", "target", "investors", "amount", "sectors", "sources"].map(c => h("th", {}, c)))),
        h("tbody", {}, ...d.deals.map(x => h("tr", {"data-deal": x.deal_id}, h("td", {}, x.announced_on || ""), h("td", {}, `${x.target} (${x.target_country || "?"})`),
          h("td", {}, x.investors.map(i => `${i.name} (${i.country || "?"})`).join("; ")),
          h("td", {}, x.disclosed && x.amount !== null ? `${x.amount.toLocaleString()} ${x.currency || ""}` : "undisclosed"),
          h("td", {}, x.sectors.join("; ")),
          h("td", {}, ...x.sources.map(s => h("div", {}, safeLink(s.url, s.title)))))))) : h("p", {class: "note"}, `No deals between this pair${p.get("years") ? " in " + p.get("years") : ""}.`),
      ...(d.deals.length ? [exportLinks("deals")] : []));
  } catch (e) { $("#deals").replaceChildren(h("p", {class: "error"}, String(e.message))); }
  try {
    const d = await getJSON(`/api/initiatives?${p}`);
    if (gen !== generation) return;
    const all = [...d.initiatives, ...d.undated];
    $("#initiatives").replaceChildren(all.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["started", "kind", "title", "parties", "sources"].map(c => h("th", {}, c)))),
      h("tbody", {}, ...all.map(x => h("tr", {"data-initiative": x.id}, h("td", {}, x.started_on || "undated"), h("td", {}, x.kind),
        h("td", {}, h("div", {}, x.title), h("div", {class: "note"}, x.summary || "")),
        h("td", {}, x.parties.map(p => p.label).join("; ")),
        h("td", {}, ...x.sources.map(s => h("div", {}, safeLink(s.url, `${s.title}${s.published_on ? " (" + s.published_on + ")" : ""}`)))))))) :
      h("p", {class: "note"}, `No initiatives between this pair${p.get("years") ? " in " + p.get("years") : ""}.`),
      ...(all.length ? [exportLinks("initiatives")] : []));
  } catch (e) { $("#initiatives").replaceChildren(h("p", {class: "error"}, String(e.message))); }
  try {
    const v = await getJSON("/api/provenance");
    $("#provenance").replaceChildren(
      h("p", {}, `As of ${v.as_of || "unknown"} · ${v.read_only ? "read-only" : "read-write"} · AI models: ${(v.ai_model_versions || []).join(", ") || "none"}`),
      /* the versions and curated data dates the brief and `research --format json` state, so a figure can be traced */
      h("p", {class: "versions"}, `Versions: ${Object.entries(v.versions || {}).map(([k, x]) => `${k} ${x}`).join(", ") || "unknown"}`
        + ` · curated data as of: ${Object.entries(v.curated_on || {}).map(([k, x]) => `${k} ${x}`).join(", ") || "none"}`),
      h("p", {class: "counting"}, `Counting: ${v.counting || "not stated"}`),
      h("table", {}, h("thead", {}, h("tr", {}, ...["source", "works", "synthetic", "as of", "retrieved"].map(c => h("th", {}, c)))),
        h("tbody", {}, ...v.sources.map(s => h("tr", {}, h("td", {}, s.source), h("td", {}, s.works), h("td", {}, s.synthetic),
          h("td", {}, `${s.as_of_min || ""} – ${s.as_of_max || ""}`), h("td", {}, s.retrieved_max || ""))))));
  } catch (e) { $("#provenance").replaceChildren(h("p", {class: "error"}, String(e.message))); }
}

function apply() {
  generation += 1;
  fromUrl = null;
  history.replaceState(null, "", `?${params()}`);
  loadResearch(); loadSide();
  document.dispatchEvent(new CustomEvent("techties:apply"));  /* other panels (watch.js) follow the view */
}

$("#filters").addEventListener("submit", ev => { ev.preventDefault(); apply(); });
/* every select changes the view: the deals and initiatives panels are slices of it too (area, language, rule) */
for (const el of document.querySelectorAll("#filters select")) el.addEventListener("change", apply);
readUrl();
loadResearch();
loadSide();

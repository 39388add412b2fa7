// The Sluice dashboard: polls /dashboard/data once a second for the samples it lacks, keeps the
// server's five minutes of history and draws them with uPlot. window.sluiceDashboard exposes the
// charts and the last snapshot (the browser test reads them).
(function () {
  "use strict";
  const POLL_MS = 1000;
  const COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#ae3ec9", "#e67700", "#0b7285", "#c92a2a", "#5c940d"];
  const state = { since: 0, t: [], series: {}, history: 300, charts: {}, snapshot: null, polls: 0 };
  window.sluiceDashboard = state;

  const $ = (id) => document.getElementById(id);
  const fmt = (v, digits) => v == null || Number.isNaN(v) ? "–" : Number(v).toFixed(digits == null ? 1 : digits);
  const pct = (v) => v == null ? "–" : (100 * v).toFixed(1) + " %";
  const last = (key) => { const s = state.series[key]; if (!s) return null; for (let i = s.length - 1; i >= 0; i--) if (s[i] != null) return s[i]; return null; };

  // Time-series charts: [id, series keys or a prefix ending in "*", labels (optional)]
  const TIME_CHARTS = [
    ["chart-answers-throughput", ["answers.questionsIn", "answers.answersStored"], ["questions in", "answers stored"]],
    ["chart-answers-llm", ["answers.llmCalls", "answers.llmErrors", "answers.llmQuota"], ["calls", "errors", "quota rejections"]],
    ["chart-answers-retries", ["answers.retries.*"]],
    ["chart-answers-latency", ["answers.latencyP50", "answers.latencyP95", "answers.latencyP99"], ["p50", "p95", "p99"]],
    ["chart-answers-regen", ["answers.regenerations", "answers.cacheHitRate"], ["regenerations /s", "cache hit rate"]],
    ["chart-orders-rates", ["orders.transitions", "orders.emailsSent"], ["state changes", "e-mails sent"]],
    ["chart-orders-lag", ["orders.transitionLagP50", "orders.transitionLagP99"], ["p50", "p99"]],
    ["chart-orders-backlog", ["orders.emailBacklog"], ["e-mail backlog"]],
    ["chart-lag", ["lag.*"]],
  ];

  function keysFor(spec) {
    const out = [];
    for (const k of spec) {
      if (k.endsWith("*")) {
        const prefix = k.slice(0, -1);
        Object.keys(state.series).filter((s) => s.startsWith(prefix)).sort().forEach((s) => out.push(s));
      } else if (state.series[k]) {
        out.push(k);
      }
    }
    return out;
  }

  function width(el) { return Math.max(300, el.clientWidth || el.parentElement.clientWidth || 400); }

  function drawTimeChart(id, spec, labels) {
    const el = $(id);
    if (!el || el.closest(".system.off")) return;
    const keys = keysFor(spec);
    const existing = state.charts[id];
    const data = [state.t.map((ms) => ms / 1000)].concat(keys.map((k) => state.series[k]));
    if (existing && existing.keys.join() === keys.join()) {
      existing.chart.setData(data);
      return;
    }
    if (existing) existing.chart.destroy();
    const series = [{}].concat(keys.map((k, i) => ({
      label: labels && spec.indexOf(k) >= 0 ? labels[spec.indexOf(k)] : k.replace(/^(answers\.retries|lag)\./, ""),
      stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true, points: { show: false },
    })));
    const chart = new uPlot({ width: width(el), height: 180, series: series, cursor: { drag: { x: false, y: false } },
      axes: [{}, { size: 55 }], scales: { x: { time: true } }, legend: { live: false } }, data, el);
    state.charts[id] = { chart: chart, keys: keys };
  }

  function drawScores(now) {
    const el = $("chart-answers-scores");
    const b = now && now.scoreBuckets;
    if (!el || !b) return;
    const x = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
    const data = [x, b.first, b.final];
    const existing = state.charts["chart-answers-scores"];
    if (existing) { existing.chart.setData(data); return; }
    const bars = uPlot.paths.bars;
    const chart = new uPlot({ width: width(el), height: 180, cursor: { drag: { x: false, y: false } }, legend: { live: false },
      scales: { x: { time: false, range: [0, 1] } }, axes: [{ }, { size: 55 }],
      series: [{ label: "score" },
        { label: "first attempts", fill: "rgba(217,72,15,.55)", stroke: "#d9480f", paths: bars({ size: [0.4, 40], align: -1 }), points: { show: false } },
        { label: "final answers", fill: "rgba(31,111,235,.55)", stroke: "#1f6feb", paths: bars({ size: [0.4, 40], align: 1 }), points: { show: false } }] },
      data, el);
    state.charts["chart-answers-scores"] = { chart: chart, keys: ["first", "final"] };
  }

  function merge(snap) {
    if (snap.historySeconds) state.history = snap.historySeconds;
    const n = state.t.length;
    const add = snap.t.length;
    for (const k of Object.keys(snap.series)) {
      if (!state.series[k]) state.series[k] = new Array(n).fill(null);
    }
    for (const k of Object.keys(state.series)) {
      const incoming = snap.series[k] || new Array(add).fill(null);
      Array.prototype.push.apply(state.series[k], incoming);
    }
    Array.prototype.push.apply(state.t, snap.t);
    const drop = state.t.length - state.history;
    if (drop > 0) {
      state.t.splice(0, drop);
      for (const k of Object.keys(state.series)) state.series[k].splice(0, drop);
    }
    if (snap.t.length) state.since = snap.t[snap.t.length - 1];
  }

  function table(id, rows) {
    const body = $(id).querySelector("tbody");
    body.innerHTML = "";
    const entries = Object.entries(rows || {});
    if (!entries.length) { body.innerHTML = "<tr><td>none</td></tr>"; return; }
    for (const [k, v] of entries) {
      const tr = document.createElement("tr");
      const a = document.createElement("td"); a.textContent = k;
      const b = document.createElement("td"); b.className = "n"; b.textContent = v;
      tr.append(a, b); body.append(tr);
    }
  }

  function sectionState(name, view) {
    const el = $(name);
    el.classList.toggle("off", !view.running);
    el.querySelector(".absent").hidden = view.running;
    el.querySelector(".error").textContent = view.error ? "cannot read: " + view.error : "";
  }

  function render(snap) {
    const a = snap.sections.answers, o = snap.sections.orders;
    sectionState("answers", a);
    sectionState("orders", o);
    const flink = $("link-flink");
    if (snap.links && snap.links.flink) { flink.href = snap.links.flink; flink.hidden = false; } else { flink.hidden = true; }
    $("question-lookup").hidden = !(snap.links && snap.links.questions);
    $("order-lookup").hidden = !(snap.links && snap.links.orders);

    if (a.running) {
      const now = a.now || {}, totals = now.totals || {};
      $("answers-questionsIn").textContent = fmt(last("answers.questionsIn"));
      $("answers-answersStored").textContent = fmt(last("answers.answersStored"));
      $("answers-total-answersStored").textContent = totals.answersStored == null ? "–" : totals.answersStored;
      $("answers-total-deadLetters").textContent = totals.deadLetters == null ? "–" : totals.deadLetters;
      $("answers-passRate").textContent = pct(now.passRate);
      $("answers-cacheHitRate").textContent = totals.cacheLookups ? pct(totals.cacheHits / totals.cacheLookups) : "–";
      $("answers-llmUse").textContent = fmt(last("answers.llmInFlight"), 0) + " / " + fmt(last("answers.llmLimit"), 0);
      table("answers-dead", now.deadLetters);
      drawScores(now);
    }
    if (o.running) {
      const states = (o.now || {}).states || {};
      const tiles = $("orders-states");
      tiles.innerHTML = "";
      for (const [k, v] of Object.entries(states)) {
        const d = document.createElement("div"); d.className = "tile";
        const b = document.createElement("b"); b.id = "orders-state-" + k; b.textContent = v;
        const s = document.createElement("span"); s.textContent = "orders " + k + " now";
        d.append(b, s); tiles.append(d);
      }
      const t = (o.now || {}).totals || {};
      const d = document.createElement("div"); d.className = "tile";
      d.innerHTML = "<b id='orders-total-emailsSent'></b><span>e-mails sent</span>";
      d.querySelector("b").textContent = t.emailsSent == null ? "–" : t.emailsSent;
      tiles.append(d);
    }
    $("kafka").querySelector(".error").textContent = snap.lagError || "";
    table("lag-table", snap.lag);
    for (const [id, spec, labels] of TIME_CHARTS) drawTimeChart(id, spec, labels);
  }

  async function poll() {
    try {
      const res = await fetch("/dashboard/data?since=" + state.since, { cache: "no-store" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      const snap = await res.json();
      merge(snap);
      state.snapshot = snap;
      state.polls++;
      render(snap);
      const status = $("status");
      status.textContent = "live · " + new Date(snap.at).toLocaleTimeString();
      status.classList.remove("stale");
    } catch (e) {
      const status = $("status");
      status.textContent = "no data: " + e.message;
      status.classList.add("stale");
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  // ---- lookups: the services' own GET routes ----
  function cell(tr, text) { const td = document.createElement("td"); td.textContent = text == null ? "" : text; tr.append(td); }
  function resultTable(caption, head, rows) {
    const t = document.createElement("table");
    const c = document.createElement("caption"); c.textContent = caption; t.append(c);
    const h = document.createElement("tr"); head.forEach((x) => { const th = document.createElement("th"); th.textContent = x; h.append(th); }); t.append(h);
    rows.forEach((r) => { const tr = document.createElement("tr"); r.forEach((x) => cell(tr, x)); t.append(tr); });
    return t;
  }
  async function lookup(url, show) {
    const out = $("lookup-result");
    out.innerHTML = "";
    try {
      const res = await fetch(url, { cache: "no-store" });
      const body = await res.json();
      if (!res.ok) { const p = document.createElement("p"); p.className = "error"; p.textContent = body.message || ("HTTP " + res.status); out.append(p); return; }
      show(body, out);
    } catch (e) {
      const p = document.createElement("p"); p.className = "error"; p.textContent = e.message; out.append(p);
    }
  }
  $("question-lookup").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = ev.target.id.value.trim();
    if (!id) return;
    lookup(state.snapshot.links.questions + encodeURIComponent(id), (q, out) => {
      out.setAttribute("data-kind", "question");
      const a = q.answer || {};
      out.append(resultTable("question " + q.id, ["status", "title", "score", "attempts", "passed", "retry due", "retry reason"],
        [[q.status, a.title, a.score == null ? "" : fmt(a.score, 3), a.attempts, a.passed, q.retryDueAt, q.retryReason]]));
      out.append(resultTable("history", ["attempt", "outcome", "score", "latency ms", "class", "reason", "due", "at"],
        (q.attempts || []).map((x) => [x.attempt, x.outcome, x.score == null ? "" : fmt(x.score, 3), x.latencyMs, x.errorClass, x.message || x.error, x.dueAt, x.at])));
    });
  });
  $("order-lookup").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = ev.target.id.value.trim();
    if (!id) return;
    lookup(state.snapshot.links.orders + encodeURIComponent(id) + "/history", (h, out) => {
      out.setAttribute("data-kind", "order");
      const o = h.order;
      out.append(resultTable("order " + o.id, ["nombre", "precio", "correo", "estado"], [[o.nombre, o.precio, o.correo, o.estado]]));
      out.append(resultTable("states", ["estado", "seen at", "e-mail sent at"], h.states.map((s) => [s.estado, s.seenAt, s.emailSentAt || "not yet"])));
    });
  });

  window.addEventListener("resize", () => {
    for (const id of Object.keys(state.charts)) {
      const el = $(id);
      state.charts[id].chart.setSize({ width: width(el), height: 180 });
    }
  });
  poll();
})();

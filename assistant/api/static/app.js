/* AuditPrep web page: plain JavaScript, no libraries, no build step; talks to /api only. */
"use strict";

const I18N = {
  zh: {
    skip: "跳到正文", appname: "内审准备助手",
    apiKeyPrompt: "此服务器需要访问密钥（API key），请输入管理员提供的密钥：",
    tagline: "职能部门质量管理体系内部审核准备：问题、抽样、首次会议，每条都有出处",
    uiLangHint: "切换界面语言", uiLangButton: "English",
    department: "受审部门", loadingDepartments: "正在读取部门…", chooseDepartment: "请选择部门",
    noDepartments: "索引中没有部门资料", documents: "份文件", chunks: "段",
    tabBrief: "审核简报", tabAsk: "提问", tabSearch: "检索",
    briefLanguage: "简报语言", makeBrief: "生成简报", downloadMd: "下载 .md", downloadDocx: "下载 .docx",
    briefHint: "选择部门后点击“生成简报”。", planning: "正在生成简报…",
    question: "问题", questionPlaceholder: "例如：该部门的质量目标有哪些？如何抽样？",
    askScope: "只查所选部门的资料", ask: "提问", thinking: "正在检索并作答…",
    searchFor: "检索内容", searchPlaceholder: "例如：办理时限、首次会议、抽样", docType: "资料类型",
    any: "全部", dtGuidance: "审核指南", dtDepartment: "部门资料", dtSystem: "体系文件", dtRecord: "记录",
    language: "语言", mode: "方式", modeHybrid: "混合", modeDense: "语义", modeBm25: "关键词",
    searchScope: "限所选部门", search: "检索", searching: "正在检索…", noHits: "没有找到相关段落。",
    footer: "所有内容均来自您导入的资料；引文可展开核对原文。",
    statusReady: "索引：{chunks} 段 · {departments} 个部门 · 向量模型 {embedder} · 写作 {writer}",
    statusNoIndex: "尚无索引：", sources: "出处", source: "来源",
    unsupported: "无出处支持", noAnswer: "资料中没有找到可以回答的内容。", citations: "引用",
    more: "其他", newChat: "新对话", departmentSwitched: "部门已改为{name}，以下问题不再沿用之前的对话。", streamError: "回答中断：", fallback: "模型回答未通过核对，已改用规则写作",
  },
  en: {
    skip: "Skip to content", appname: "audit preparation assistant",
    tagline: "Internal QMS audits of functional departments: questions, sampling, opening meeting, all sourced",
    apiKeyPrompt: "This server needs an API key. Enter the key your administrator gave you:",
    uiLangHint: "Switch the interface language", uiLangButton: "中文",
    department: "Department", loadingDepartments: "Loading departments…", chooseDepartment: "Choose a department",
    noDepartments: "No department documents in the index", documents: "documents", chunks: "passages",
    documentOne: "document", chunkOne: "passage",
    tabBrief: "Audit brief", tabAsk: "Ask", tabSearch: "Search",
    briefLanguage: "Brief language", makeBrief: "Prepare brief", downloadMd: "Download .md",
    downloadDocx: "Download .docx", briefHint: "Choose a department, then “Prepare brief”.",
    planning: "Preparing the brief…",
    question: "Question", questionPlaceholder: "e.g. What are this department's quality objectives? What should I sample?",
    askScope: "Only this department's documents", ask: "Ask", thinking: "Searching and answering…",
    searchFor: "Search for", searchPlaceholder: "e.g. time limits, opening meeting, sampling", docType: "Document type",
    any: "Any", dtGuidance: "Audit guidance", dtDepartment: "Department", dtSystem: "System documents",
    dtRecord: "Records", language: "Language", mode: "Mode", modeHybrid: "Hybrid", modeDense: "Semantic",
    modeBm25: "Keyword", searchScope: "This department only", search: "Search", searching: "Searching…",
    noHits: "No passages found.",
    footer: "Everything shown comes from your own documents; open a citation to check the source text.",
    statusReady: "Index: {chunks} passages · {departments} departments · embedder {embedder} · writer {writer}",
    statusNoIndex: "No index yet: ", sources: "Sources", source: "Source",
    unsupported: "no supporting source", noAnswer: "The documents hold nothing that answers this.",
    citations: "Citations", more: "More", newChat: "New conversation",
    departmentSwitched: "Department changed to {name}: the questions below no longer follow the earlier turns.", streamError: "The answer stopped: ",
    fallback: "The model's answer failed the source check; the rules writer answered instead",
  },
};

const state = {
  ui: localStorage.getItem("auditprep.ui") || "zh",
  departments: null,
  deptError: null,
  brief: null,
  history: [],
  turn: 0,
};

const $ = (sel) => document.querySelector(sel);

function t(key, vars) {
  let text = (I18N[state.ui] && I18N[state.ui][key]) || I18N.zh[key] || key;
  for (const [name, value] of Object.entries(vars || {})) text = text.replace(`{${name}}`, value);
  return text;
}

/* Build elements without innerHTML, so document text can never become markup. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/* ---------- API key: a server a team shares may need one (Authorization: Bearer) ---------- */
const KEY_STORE = "auditprep.apiKey";

async function authFetch(path, options = {}, retry = true) {
  const headers = new Headers(options.headers || {});
  const key = localStorage.getItem(KEY_STORE);
  if (key) headers.set("Authorization", `Bearer ${key}`);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401 && retry) {
    const entered = window.prompt(t("apiKeyPrompt"));
    if (entered && entered.trim()) {
      localStorage.setItem(KEY_STORE, entered.trim());
      return authFetch(path, options, false);
    }
  }
  return response;
}

/* Downloads go through authFetch too, so they carry the key; the file is saved from a blob. */
async function download(event) {
  const link = event.currentTarget;
  if (link.getAttribute("aria-disabled")) { event.preventDefault(); return; }
  event.preventDefault();
  const response = await authFetch(link.href);
  if (!response.ok) { showError($("#brief"), new Error(`${response.status}`)); return; }
  const url = URL.createObjectURL(await response.blob());
  const save = el("a", { href: url, download: link.getAttribute("download") || "" });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function api(path, options) {
  const response = await authFetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (_) { /* a non-JSON error page */ }
  if (!response.ok) {
    const detail = body && (body.error || (Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail));
    throw new Error(detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

function showError(container, error) {
  container.replaceChildren(el("p", { class: "error", role: "alert", text: String(error.message || error) }));
}

function busy(container, flag) { container.setAttribute("aria-busy", flag ? "true" : "false"); }

/* ---------- UI language ---------- */
function applyUi() {
  document.documentElement.lang = state.ui === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  });
  $("#ui-lang").textContent = t("uiLangButton");
  document.title = `AuditPrep ${t("appname")}`;
  renderDepartmentOptions();
  loadHealth();
  if (state.brief) renderBrief(state.brief);
}

/* ---------- status and departments ---------- */
async function loadHealth() {
  const status = $("#status");
  try {
    const h = await api("/api/health");
    status.classList.toggle("bad", !h.index_ready);
    if (h.index_ready) {
      // Each "a · b" segment stays on one line, so "e5-small" never breaks at its hyphen.
      const segments = t("statusReady", h).split(" · ");
      status.replaceChildren(...segments.flatMap((seg, i) => [i ? " · " : "", el("span", { class: "nowrap", text: seg })]));
    } else {
      status.textContent = t("statusNoIndex") + (h.error || "");
    }
  } catch (error) {
    status.classList.add("bad");
    status.textContent = String(error.message || error);
  }
}

async function loadDepartments() {
  try {
    const body = await api("/api/departments");
    state.departments = body.data;
    state.deptError = null;
  } catch (error) {
    state.departments = [];
    state.deptError = String(error.message || error);
  }
  renderDepartmentOptions();
}

function renderDepartmentOptions() {
  const select = $("#department");
  const current = select.value;
  const departments = state.departments || [];
  const empty = state.departments === null ? t("loadingDepartments") : t("noDepartments");
  const options = [el("option", { value: "", text: departments.length ? t("chooseDepartment") : empty })];
  for (const d of departments) {
    const label = d.aliases.length ? `${d.name}（${d.aliases.join("、")}）` : d.name;
    options.push(el("option", { value: d.name, text: label }));
  }
  select.replaceChildren(...options);
  if (departments.some((d) => d.name === current)) select.value = current;
  onDepartmentChange();
}

/* "1 document", "3 documents", "3 份文件": the English labels have a singular form. */
function count(n, key) {
  return `${n} ${n === 1 && I18N[state.ui][`${key}One`] ? t(`${key}One`) : t(`${key}s`)}`;
}

function currentDepartment() { return $("#department").value; }

function onDepartmentChange() {
  const name = currentDepartment();
  const info = (state.departments || []).find((d) => d.name === name);
  if (info) {
    $("#dept-meta").textContent =
      `${count(info.documents, "document")} · ${count(info.chunks, "chunk")} · ${info.languages.join(", ")}`;
  } else {
    $("#dept-meta").textContent = state.deptError || "";
  }
  $("#brief-go").disabled = !name;
  updateDownloads();
}

function briefLanguage() { return document.querySelector('input[name="brief-lang"]:checked').value; }

function updateDownloads() {
  const name = currentDepartment();
  for (const [id, ext] of [["#dl-md", "md"], ["#dl-docx", "docx"]]) {
    const link = $(id);
    if (name) {
      link.href = `/api/plan/${encodeURIComponent(name)}.${ext}?language=${briefLanguage()}`;
      link.setAttribute("download", `${name}-audit-brief.${ext}`);
      link.removeAttribute("aria-disabled");
    } else {
      link.href = "#";
      link.setAttribute("aria-disabled", "true");
    }
  }
}

/* ---------- tabs (WAI-ARIA tabs pattern: arrows move, Home/End jump) ---------- */
function setupTabs() {
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
}

/* ---------- citations ---------- */
function citationNode(citation, number) {
  // The summary names the document and the section; the full heading path shows when opened.
  const headings = (citation.heading_path || "").split(" > ").filter(Boolean);
  const section = headings.length > 1 ? headings[headings.length - 1] : "";
  const title = citation.title || citation.doc_id || citation.chunk_id;
  const where = section && section !== title ? `${title} › ${section}` : title;
  const origin = [citation.source || citation.doc_id, headings.join(" › ")].filter(Boolean).join(" · ");
  return el("details", { class: "cite", "data-chunk-id": citation.chunk_id },
    el("summary", {}, el("span", { class: "n", text: `[${number}]` }), where),
    el("blockquote", { text: citation.quote || "" }),
    el("p", { class: "src", text: `${t("source")}: ${origin}` }));
}

function citationList(citations, numbers) {
  if (!citations || !citations.length) return null;
  return el("div", { class: "cites" },
    citations.map((c, i) => citationNode(c, numbers ? numbers[i] : c.n || c.number || i + 1)));
}

/* ---------- brief ---------- */
/* Labels inside the brief follow the brief's language (it is a document, downloaded as such). */
const BRIEF_LABELS = {
  zh: {
    head: "负责人", leader: "分管领导", documents: "依据的资料", facts: "从资料中提取的事实",
    questions: "审核问题", sampling: "抽样计划", opening: "首次会议", agenda: "议程", script: "开场白",
    notes: "审核组注意事项", risks: "风险与关注点", uncovered: "本简报未出题的审核要素",
    uncoveredHint: "简报没有为这些要素生成问题，请在现场补问。", why: "目的", evidence: "查看",
    askFirst: "先问", followUp: "追问", item: "抽样对象", reasons: "理由", size: "样本量", method: "方法",
    period: "期间", sources: "出处", watch: "留意", general: "综合", colon: "：", sep: "；", gap: "　",
  },
  en: {
    head: "Head", leader: "Leader in charge", documents: "Documents used", facts: "Facts taken from the documents",
    questions: "Audit questions", sampling: "Sampling plan", opening: "Opening meeting", agenda: "Agenda",
    script: "Opening script", notes: "Notes for the audit team", risks: "Risks to probe",
    uncovered: "Audit elements this brief has no question for",
    uncoveredHint: "The brief asks nothing on these; ask on site.", why: "Purpose", evidence: "Look at",
    askFirst: "ask first", followUp: "follow-up", item: "What to sample", reasons: "Why", size: "Sample size",
    method: "Method", period: "Period", sources: "Sources", watch: "Watch for", general: "General",
    colon: ": ", sep: "; ", gap: " · ",
  },
};

function pick(obj, ...keys) {
  for (const key of keys) if (obj && obj[key] !== undefined && obj[key] !== null && obj[key] !== "") return obj[key];
  return undefined;
}

function textOf(value) {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(textOf).join("; ");
  if (typeof value === "object") return pick(value, "text", "title", "name", "label") || JSON.stringify(value);
  return String(value);
}

function renderProfile(profile, L) {
  const parts = [];
  const people = [[L.head, profile.head], [L.leader, profile.leader_in_charge]].filter(([, v]) => v);
  if (people.length) parts.push(el("p", { class: "lead" }, people.map(([k, v]) => `${k}${L.colon}${v}`).join(L.gap)));
  const docs = profile.documents || [];
  if (docs.length) {
    parts.push(el("p", { class: "meta" }, `${L.documents}${L.colon}`, docs.map((d) => textOf(d.title || d.source)).join(L.sep)));
  }
  const facts = profile.facts || [];
  if (facts.length) {
    parts.push(el("details", { class: "facts" },
      el("summary", { text: `${L.facts} (${facts.length})` }),
      el("ul", {}, facts.map((f) => el("li", {}, el("span", { class: "tag", text: f.kind }), " ", f.text,
        citationList(f.citations))))));
  }
  return parts;
}

function renderQuestions(questions, L) {
  // Groups keep the order of the audit trail, as the planner lists the questions.
  const groups = new Map();
  for (const q of questions) {
    const key = textOf(pick(q, "element_name", "element")) || L.general;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(q);
  }
  const parts = [el("h3", { text: `${L.questions} (${questions.length})` })];
  for (const [element, items] of groups) {
    const first = items[0];
    const label = [first.clause && `GB/T 19001 ${first.clause}`, first.pdca].filter(Boolean).join(" · ");
    parts.push(el("h4", { class: "element" }, element, label ? el("span", { class: "tag", text: label }) : null));
    parts.push(el("ol", { class: "qlist" }, items.map((q) => el("li", { class: "question" },
      el("div", { class: "qtext" }, q.text,
        q.ask_first ? el("span", { class: "tag", text: L.askFirst }) : null,
        q.follow_up ? el("span", { class: "tag", text: L.followUp }) : null),
      q.purpose ? el("p", { class: "why", text: `${L.why}${L.colon}${q.purpose}` }) : null,
      q.evidence && q.evidence.length ? el("p", { class: "why", text: `${L.evidence}${L.colon}${q.evidence.join(L.sep)}` }) : null,
      citationList(q.citations)))));
  }
  return parts;
}

function renderSampling(sampling, coverage, L) {
  // Sources sit under the item they support, which keeps the table narrow enough to read.
  const rows = sampling.map((row) => el("tr", {},
    el("td", {}, el("div", { text: textOf(row.item) }), citationList(row.citations)),
    el("td", {}, el("ul", { class: "plain" }, (row.reasons || []).map((r) => el("li", { text: textOf(r) })))),
    el("td", { class: "num", text: row.sample_size ?? "" }),
    el("td", { text: textOf(row.method) }),
    el("td", { text: [row.period, row.pdca].filter(Boolean).join(" · ") })));
  const head = [L.item, L.reasons, L.size, L.method, L.period];
  return [
    el("h3", { text: L.sampling }),
    el("div", { class: "table-wrap" }, el("table", { class: "sampling" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, rows))),
    coverage && coverage.statement ? el("p", { class: "meta", text: coverage.statement }) : null,
  ];
}

function renderRisks(risks, L) {
  return [
    el("h3", { text: L.risks }),
    el("ul", { class: "qlist risks" }, risks.map((r) => el("li", {},
      r.title && r.title !== r.text ? el("strong", { text: `${r.title}${L.colon}` }) : null, textOf(r.text),
      r.watch ? el("p", { class: "why", text: `${L.watch}${L.colon}${r.watch}` }) : null,
      citationList(r.citations)))),
  ];
}

function renderOpening(opening, L) {
  const parts = [el("h3", { text: L.opening })];
  const agenda = opening.agenda || [];
  if (agenda.length) {
    parts.push(el("h4", { text: L.agenda }));
    parts.push(el("ol", { class: "agenda" }, agenda.map((item) => el("li", {},
      el("strong", { text: textOf(item.title) }), item.detail ? el("span", { class: "detail", text: ` ${item.detail}` }) : null,
      citationList(item.citations)))));
  }
  if (opening.script) {
    parts.push(el("h4", { text: L.script }));
    parts.push(el("div", { class: "script", text: opening.script }));
    if (opening.citations && opening.citations.length) parts.push(citationList(opening.citations));
  }
  const notes = opening.notes || [];
  if (notes.length) {
    parts.push(el("h4", { text: L.notes }));
    parts.push(el("ul", { class: "qlist" }, notes.map((n) => el("li", {}, textOf(n.text), citationList(n.citations)))));
  }
  return parts;
}

function renderBrief(brief) {
  state.brief = brief;
  const L = BRIEF_LABELS[brief.language] || BRIEF_LABELS.zh;
  const profile = brief.profile || {};
  const parts = [el("h2", { text: brief.department })];
  parts.push(...renderProfile(profile, L));
  if (brief.questions && brief.questions.length) parts.push(...renderQuestions(brief.questions, L));
  if (brief.sampling && brief.sampling.length) parts.push(...renderSampling(brief.sampling, brief.pdca_coverage, L));
  if (brief.risks && brief.risks.length) parts.push(...renderRisks(brief.risks, L));
  if (brief.opening) parts.push(...renderOpening(brief.opening, L));
  const uncovered = brief.uncovered_elements || [];
  if (uncovered.length) {
    parts.push(el("h3", { text: L.uncovered }), el("p", { class: "meta", text: L.uncoveredHint }),
      el("ul", { class: "plain inline" }, uncovered.map((u) => el("li", { class: "tag warn", text: textOf(u.name || u.element) }))));
  }
  const article = el("article", { class: "brief", lang: brief.language === "en" ? "en" : "zh-CN" }, parts);
  $("#brief").replaceChildren(article);
}

async function makeBrief(event) {
  event.preventDefault();
  const department = currentDepartment();
  if (!department) return;
  const out = $("#brief");
  busy(out, true);
  out.replaceChildren(el("p", { class: "hint", text: t("planning") }));
  try {
    const brief = await api("/api/plan", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ department, language: briefLanguage() }),
    });
    renderBrief(brief);
  } catch (error) {
    state.brief = null;
    showError(out, error);
  } finally {
    busy(out, false);
  }
}

/* ---------- ask (streamed NDJSON) ---------- */
function citeMark(prefix, n) {
  const id = `cite-${prefix}-${n}`;
  const link = el("a", { href: `#${id}`, "aria-label": `${t("source")} ${n}`, text: `[${n}]` });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const target = document.getElementById(id);
    if (target) { target.open = true; target.querySelector("summary").focus(); }
  });
  return el("sup", {}, link);
}

/* "text [2][3] more" -> text nodes with linked superscript numbers. */
function withMarks(text, prefix) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    nodes.push(text.slice(last, match.index), citeMark(prefix, Number(match[1])));
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

function renderAnswer(container, answer, prefix) {
  const citations = answer.citations || [];
  const text = el("div", { class: "answer-text" });
  const sentences = (answer.sentences || []).filter((s) => s.text);
  if (answer.answered === false) {
    text.append(el("p", { class: "notice", text: textOf(answer.answer) || t("noAnswer") }));
  } else if (sentences.length) {
    const gap = answer.language === "en" ? " " : "";
    sentences.forEach((s, i) => {
      const marks = (s.citations || []).map((n) => citeMark(prefix, n));
      const flag = s.supported === false ? el("span", { class: "tag warn", text: t("unsupported") }) : null;
      text.append(el("span", { class: s.supported === false ? "sentence unsupported" : "sentence" },
        withMarks(s.text, prefix), marks, flag), i < sentences.length - 1 ? gap : "");
    });
  } else {
    text.append(...withMarks(textOf(answer.answer) || t("noAnswer"), prefix));
  }
  const parts = [text];
  if (answer.fallback_from) {
    parts.push(el("p", { class: "meta", text: `${t("fallback")} (${answer.fallback_from} → ${answer.writer})` }));
  }
  if (citations.length) {
    parts.push(el("h3", { text: t("citations") }));
    const list = el("div", { class: "cites" });
    citations.forEach((c, i) => {
      const node = citationNode(c, c.n || i + 1);
      node.id = `cite-${prefix}-${c.n || i + 1}`;
      list.append(node);
    });
    parts.push(list);
  }
  container.replaceChildren(el("div", { class: "answer" }, parts));
}

/* Read an NDJSON response line by line, calling onEvent for each parsed event. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    const lines = buffer.split("\n");
    buffer = lines.pop();
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line));
    if (done) break;
  }
  if (buffer.trim()) onEvent(JSON.parse(buffer));
}

/* Earlier turns go with each question so follow-ups ("它的办理时限呢？") resolve. */
const MAX_HISTORY_TURNS = 3;

async function ask(event) {
  event.preventDefault();
  const question = $("#question").value.trim();
  if (!question) return;
  const log = $("#answer");
  const department = $("#ask-scope").checked ? currentDepartment() || null : null;
  state.turn += 1;
  const body = el("div", { class: "turn-body" },
    el("p", { class: "hint", text: t("thinking") }), el("div", { class: "answer-text streaming" }));
  const turn = el("section", { class: "turn", "data-turn": state.turn, "aria-label": question },
    el("h3", { class: "turn-q", text: question }), body);
  log.append(turn);
  const live = body.querySelector(".streaming");
  busy(log, true);
  $("#ask-go").disabled = true;
  const history = state.history.slice(-2 * MAX_HISTORY_TURNS);
  try {
    const response = await authFetch("/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, department, history }),
    });
    if (!response.ok) {
      let error = null;
      try { error = await response.json(); } catch (_) { /* not JSON */ }
      throw new Error((error && (error.error || JSON.stringify(error.detail))) || `${response.status}`);
    }
    let finished = false;
    await readEvents(response, (ev) => {
      if (ev.type === "token") {
        const waiting = body.querySelector(".hint");
        if (waiting) waiting.remove();
        live.append(ev.text);
      } else if (ev.type === "fallback") live.textContent = "";  // the rules writer starts over
      else if (ev.type === "answer") {
        renderAnswer(body, ev.answer, `t${state.turn}`);
        state.history.push({ role: "user", content: question }, { role: "assistant", content: ev.answer.answer });
        finished = true;
      } else if (ev.type === "error") throw new Error(t("streamError") + ev.error);
    });
    if (!finished) throw new Error(t("streamError") + t("noAnswer"));
    $("#question").value = "";
    $("#new-chat").hidden = false;
  } catch (error) {
    showError(body, error);
  } finally {
    busy(log, false);
    $("#ask-go").disabled = false;
    turn.scrollIntoView({ block: "nearest" });
  }
}

/* The conversation follows the department: turns about the previous department would carry
   its topic into the next question and search the wrong passages (a false refusal). The
   answers stay on the page; the history sent with the next question starts afresh. */
function followDepartment() {
  if (!state.history.length) return;
  state.history = [];
  const name = currentDepartment() || "—";
  $("#answer").append(el("p", { class: "hint department-switch", text: t("departmentSwitched").replace("{name}", name) }));
}

function newConversation() {
  state.history = [];
  $("#answer").replaceChildren();
  $("#new-chat").hidden = true;
  $("#question").focus();
}

/* ---------- search ---------- */
async function search(event) {
  event.preventDefault();
  const params = new URLSearchParams({ q: $("#q").value.trim(), k: "10", mode: $("#mode").value });
  if (!params.get("q")) return;
  if ($("#doc-type").value) params.set("doc_type", $("#doc-type").value);
  if ($("#s-lang").value) params.set("language", $("#s-lang").value);
  if ($("#search-scope").checked && currentDepartment()) params.set("department", currentDepartment());
  const out = $("#results");
  busy(out, true);
  out.replaceChildren(el("p", { class: "hint", text: t("searching") }));
  try {
    const body = await api(`/api/search?${params}`);
    if (!body.count) {
      out.replaceChildren(el("p", { class: "hint", text: t("noHits") }));
      return;
    }
    out.replaceChildren(el("ol", { class: "hits" }, body.data.map((hit) => el("li", { class: "hit" },
      el("h3", {}, hit.title || hit.doc_id, hit.department ? el("span", { class: "tag", text: hit.department }) : null),
      el("p", { class: "where", text: [hit.heading_path, hit.source, `score ${hit.score.toFixed(4)}`].filter(Boolean).join(" · ") }),
      el("p", { class: "text", text: hit.text })))));
  } catch (error) {
    showError(out, error);
  } finally {
    busy(out, false);
  }
}

/* ---------- documents: upload, list, delete, re-ingest (its own section; GET/POST /api/documents) ---------- */
Object.assign(I18N.zh, {
  tabDocs: "资料管理", uploadFiles: "选择文件（PDF、DOCX、XLSX、文本、图片）",
  uploadDept: "归属部门（可选，覆盖自动识别）", upload: "上传并索引", reingest: "重新索引全部",
  uploading: "正在上传并索引…", uploaded: "已索引 {n} 个文件。", unchangedFile: "（相同内容已存在）",
  docName: "文件", docTitle: "标题", docType: "类型", docDept: "部门", docChunks: "段数", docBy: "上传者",
  docDelete: "删除", confirmDelete: "删除“{name}”及其全部段落？", deleted: "已删除“{name}”（{n} 段）。",
  notIndexed: "未索引", noDocs: "索引中还没有资料。",
  progressRunning: "正在同步（{kind}）：{done}/{total} 个文件 {current}",
  progressDone: "上次同步（{kind}）已完成：新增 {added}，更新 {updated}，删除 {removed}，失败 {failed}。",
  progressFailed: "上次同步（{kind}）失败：{error}", kindUpload: "上传", kindDelete: "删除", kindReingest: "重新索引",
});
Object.assign(I18N.en, {
  tabDocs: "Documents", uploadFiles: "Choose files (PDF, DOCX, XLSX, text, images)",
  uploadDept: "Department (optional; overrides detection)", upload: "Upload and index", reingest: "Re-index all",
  uploading: "Uploading and indexing…", uploaded: "{n} file(s) indexed.", unchangedFile: " (same content already stored)",
  docName: "File", docTitle: "Title", docType: "Type", docDept: "Department", docChunks: "Passages", docBy: "Uploaded by",
  docDelete: "Delete", confirmDelete: "Delete “{name}” and all its passages?", deleted: "Deleted “{name}” ({n} passages).",
  notIndexed: "not indexed", noDocs: "No documents in the index yet.",
  progressRunning: "Syncing ({kind}): {done}/{total} files {current}",
  progressDone: "Last sync ({kind}) finished: {added} added, {updated} updated, {removed} removed, {failed} failed.",
  progressFailed: "Last sync ({kind}) failed: {error}", kindUpload: "upload", kindDelete: "delete", kindReingest: "re-index",
});

const docsState = { rows: null, polling: null };

async function loadDocuments() {
  const box = $("#docs");
  busy(box, true);
  try {
    docsState.rows = (await api("/api/documents")).data;
    renderDocuments();
  } catch (error) {
    showError(box, error);
  } finally {
    busy(box, false);
  }
}

function renderDocuments() {
  const box = $("#docs");
  const rows = docsState.rows || [];
  if (!rows.length) { box.replaceChildren(el("p", { class: "hint", text: t("noDocs") })); return; }
  const head = el("tr", {}, ...["docName", "docTitle", "docType", "docDept", "docChunks", "docBy", ""].map(
    (key) => el("th", { scope: "col", text: key ? t(key) : "" })));
  const body = rows.map((d) => el("tr", {},
    el("td", { text: d.display_name }),
    el("td", { text: d.title }),
    el("td", { text: docTypeLabel(d.doc_type) }),
    el("td", { text: d.department }),
    el("td", { class: d.chunks ? "" : "bad", text: d.chunks ? String(d.chunks) : t("notIndexed") }),
    el("td", { text: d.uploaded_by || "" }),
    el("td", {}, d.sha256 ? deleteButton(d) : "")));
  box.replaceChildren(el("table", { class: "documents" }, el("thead", {}, head), el("tbody", {}, ...body)));
}

/* The search form's labels for the four document types; anything else is shown as stored. */
function docTypeLabel(type) {
  const key = type ? `dt${type[0].toUpperCase()}${type.slice(1)}` : "";
  return key && I18N.zh[key] ? t(key) : type || "";
}

function deleteButton(doc) {
  const button = el("button", { type: "button", class: "ghost danger", text: t("docDelete"),
                                "aria-label": `${t("docDelete")} ${doc.display_name}` });
  button.addEventListener("click", async () => {
    if (!window.confirm(t("confirmDelete", { name: doc.display_name }))) return;
    button.disabled = true;
    try {
      const done = await api(`/api/documents/${doc.sha256}`, { method: "DELETE" });
      docsMessage(t("deleted", { name: done.display_name, n: done.chunks_deleted }));
      afterIndexChange();
    } catch (error) {
      showError($("#docs-message"), error);
      button.disabled = false;
    }
  });
  return button;
}

function docsMessage(text) { $("#docs-message").replaceChildren(el("p", { class: "hint", text })); }

function afterIndexChange() {
  loadDocuments();
  loadDepartments();
  loadHealth();
  loadProgress();
}

async function uploadDocuments(event) {
  event.preventDefault();
  const input = $("#upload-files");
  if (!input.files.length) return;
  const form = new FormData();
  for (const file of input.files) form.append("files", file, file.name);
  const department = $("#upload-dept").value.trim();
  if (department) form.append("department", department);
  const button = $("#upload-go");
  button.disabled = true;
  docsMessage(t("uploading"));
  try {
    const body = await api("/api/documents", { method: "POST", body: form });
    const lines = body.data.map((r) => `${r.display_name}${r.status === "unchanged" ? t("unchangedFile") : ""}`);
    docsMessage(`${t("uploaded", { n: body.count })} ${lines.join("、")}`);
    input.value = "";
    afterIndexChange();
  } catch (error) {
    showError($("#docs-message"), error);
    loadDocuments();
  } finally {
    button.disabled = false;
  }
}

async function loadProgress() {
  let job;
  try { job = await api("/api/documents/progress"); } catch (_) { return; }
  const line = $("#docs-progress");
  const kind = job.kind ? t(`kind${job.kind[0].toUpperCase()}${job.kind.slice(1)}`) : "";
  if (job.state === "running") {
    line.textContent = t("progressRunning", { kind, done: job.done, total: job.total || "?", current: job.current || "" });
    if (!docsState.polling) docsState.polling = setInterval(loadProgress, 1000);
    return;
  }
  if (docsState.polling) {
    clearInterval(docsState.polling);
    docsState.polling = null;
    loadDocuments();
    loadDepartments();
    loadHealth();
  }
  if (job.state === "done" && job.report) line.textContent = t("progressDone", { kind, ...job.report });
  else if (job.state === "failed") line.textContent = t("progressFailed", { kind, error: job.error || "" });
  else line.textContent = "";
}

async function reingestAll() {
  try {
    await api("/api/documents/reingest", { method: "POST" });
  } catch (error) {
    showError($("#docs-message"), error);
  }
  loadProgress();
}

function startDocuments() {
  $("#upload-form").addEventListener("submit", uploadDocuments);
  $("#reingest-go").addEventListener("click", reingestAll);
  $("#tab-docs").addEventListener("click", () => { loadDocuments(); loadProgress(); });
  $("#ui-lang").addEventListener("click", () => { if (docsState.rows) renderDocuments(); loadProgress(); });
}

/* ---------- start ---------- */
function start() {
  setupTabs();
  $("#ui-lang").addEventListener("click", () => {
    state.ui = state.ui === "zh" ? "en" : "zh";
    localStorage.setItem("auditprep.ui", state.ui);
    applyUi();
  });
  $("#department").addEventListener("change", () => {
    state.brief = null;
    $("#brief").replaceChildren(el("p", { class: "hint", text: t("briefHint") }));
    onDepartmentChange();
    followDepartment();
  });
  document.querySelectorAll('input[name="brief-lang"]').forEach((r) => r.addEventListener("change", updateDownloads));
  $("#brief-form").addEventListener("submit", makeBrief);
  $("#dl-md").addEventListener("click", download);
  $("#dl-docx").addEventListener("click", download);
  $("#ask-form").addEventListener("submit", ask);
  $("#question").addEventListener("keydown", (event) => {
    // Ctrl/Cmd+Enter sends, plain Enter keeps adding lines.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("#ask-form").requestSubmit();
  });
  $("#search-form").addEventListener("submit", search);
  $("#new-chat").addEventListener("click", newConversation);
  applyUi();
  loadDepartments();
}

start();
startDocuments();

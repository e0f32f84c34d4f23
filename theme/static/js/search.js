/* The /search/ page: the plain GET form, filters, sort and paging over the search engine
   (search-engine.js, run in a worker); the query, filters and sort live in the URL so a search
   can be shared and "back" works. */

const FILTERS = [
  { key: "type", name: "类型", order: ["信息公开", "数据集", "机构", "页面"] },
  { key: "agency", name: "发布机构" },
  { key: "category", name: "主题分类" },
  { key: "genre", name: "体裁" },
  { key: "year", name: "年份", newestFirst: true },
  { key: "validity", name: "有效性" },
];
const PAGE_SIZE = 10;
const BROWSE = [
  ["disclosures/category/", "按主题"],
  ["disclosures/agency/", "按机构"],
  ["disclosures/genre/", "按体裁"],
  ["disclosures/year/", "按年份"],
  ["datasets/", "开放数据"],
];
// Narrower than this the filters start folded, so the first result is on the first screen.
const WIDE = "(min-width: 641px)";

const app = document.getElementById("search-app");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const siteRoot = new URL(app.dataset.base || "/", document.baseURI);
const pageTitle = document.title;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function siteLink(path, text) {
  return element("a", { href: new URL(path, siteRoot).href, text });
}

/* ---- the engine: in a module worker, else in the page ---- */

function workerEngine(manifest) {
  const worker = new Worker(new URL("search-worker.js", import.meta.url), { type: "module" });
  const waiting = new Map();
  let next = 0;
  const failed = new Promise((_, reject) => worker.addEventListener("error", (event) => {
    event.preventDefault();
    reject(new Error(event.message || "search worker failed"));
  }));
  worker.addEventListener("message", ({ data }) => {
    const pending = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.error) pending.reject(new Error(data.error));
    else pending.resolve(data.value);
  });
  const call = (method, ...args) => Promise.race([failed, new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, method, args });
  })]);
  return call("start", siteRoot.href, manifest).then((totals) => ({
    search: (state) => call("search", state), resume: () => call("resume"),
    page: (from, count) => call("page", from, count), totals: () => totals,
  }), (error) => {
    worker.terminate();
    throw error;
  });
}

/* Pagefind takes its language from <html lang> when it starts; the engine's tokens must not be
   cut again by a word segmenter, so the page's language is hidden for that one moment. */
function withoutPageLanguage(start) {
  const html = document.documentElement;
  const lang = html.getAttribute("lang");
  html.setAttribute("lang", "und");
  try {
    return start();
  } finally {
    html.setAttribute("lang", lang);
  }
}

async function pageEngine(manifest) {
  const { openEngine } = await import(new URL("search-engine.js", import.meta.url).href);
  return openEngine(siteRoot.href, { withoutPageLanguage }, manifest);
}

async function startEngine(manifest) {
  try {
    return await workerEngine(manifest);
  } catch (error) {
    console.warn("搜索改在页面中运行：", error);
    return pageEngine(manifest);
  }
}

async function readManifest() {
  const response = await fetch(new URL("search/manifest.json", siteRoot));
  if (!response.ok) throw new Error(`search/manifest.json: HTTP ${response.status}`);
  return response.json();
}

/* A 文号 or 索引号 opened by its URL is answered from its one small file before the full-text
   engine (a worker, Pagefind and its wasm) is loaded: on a slow phone that is the difference
   between an answer now and an answer after several hundred KB. */
async function showExactFirst(state, manifest) {
  if (hasFilters(state) || !/\d/u.test(state.q)) return; // every 文号 and 索引号 has a digit
  try {
    const { exactMatches, exactResult, identifierKey } = await import(new URL("search-text.js", import.meta.url).href);
    const records = await exactMatches(siteRoot, manifest, identifierKey(state.q));
    if (!records.length) return;
    list.replaceChildren(...records.map((record) => resultItem(exactResult(record, siteRoot))));
    status.textContent = `找到文号或索引号完全一致的 ${records.length} 条结果，正在查找其他相关信息…`;
  } catch (error) {
    console.warn("文号/索引号查找失败", error); // the engine's search follows
  }
}

/* ---- state <-> URL ---- */

function readState(search) {
  const params = new URLSearchParams(search);
  const state = { q: (params.get("q") || "").trim(), filters: {}, sort: params.get("sort") === "date" ? "date" : "" };
  for (const filter of FILTERS) {
    const value = (params.get(filter.key) || "").trim();
    if (value) state.filters[filter.key] = value;
  }
  return state;
}

function stateQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const filter of FILTERS) {
    if (state.filters[filter.key]) params.set(filter.key, state.filters[filter.key]);
  }
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  return query ? `?${query}` : "";
}

function namedFilters(filters) {
  const named = {};
  for (const filter of FILTERS) {
    if (filters[filter.key]) named[filter.name] = filters[filter.key];
  }
  return named;
}

function hasFilters(state) {
  return Object.keys(state.filters).length > 0;
}

/* ---- the controls ---- */

const selects = {};
const sortSelect = element("select", { id: "search-sort" },
  element("option", { value: "", text: "相关度" }),
  element("option", { value: "date", text: "发布日期（从新到旧）" }));
const controls = element("div", { class: "search-controls" });
for (const filter of FILTERS) {
  const select = element("select", { id: `search-filter-${filter.key}`, "data-filter": filter.key });
  selects[filter.key] = select;
  controls.append(element("label", { for: select.id }, filter.name, select));
}
controls.append(element("label", { for: sortSelect.id }, "排序", sortSelect));
const clearButton = element("button", { type: "button", class: "search-clear", text: "清除筛选和排序" });
const summary = element("summary", { text: "筛选和排序" });
const panel = element("details", { class: "search-filters" },
  summary,
  element("p", { class: "search-filters-hint", text: "选择后结果立即更新；括号里是符合条件的条数。" }),
  controls, clearButton);
const status = element("p", { class: "search-status", role: "status", "aria-live": "polite" });
const list = element("ol", { class: "search-results" });
const moreButton = element("button", { type: "button", class: "search-more", hidden: "" });
const empty = element("div", { class: "search-empty", hidden: "" });
app.append(panel, status, list, moreButton, empty);
// Open the panel now, not after the engine has loaded, so the page's Tab order is settled at load.
// On a phone it starts folded even when filters are set: its summary says which.
const initial = readState(location.search);
panel.open = window.matchMedia(WIDE).matches;

function fillOptions(select, filter, counts, selected, counted = true) {
  const values = Object.keys(counts || {});
  if (selected && !values.includes(selected)) values.push(selected);
  if (filter.order) {
    const rank = (value) => (filter.order.includes(value) ? filter.order.indexOf(value) : filter.order.length);
    values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "zh-CN"));
  } else if (filter.newestFirst) {
    values.sort((a, b) => b.localeCompare(a));
  } else {
    values.sort((a, b) => a.localeCompare(b, "zh-CN"));
  }
  select.replaceChildren(element("option", { value: "", text: "全部" }));
  for (const value of values) {
    const count = (counts && counts[value]) || 0;
    select.append(element("option", { value, text: counted ? `${value}（${count}）` : value }));
  }
  select.value = selected || "";
}

function showControls(state) {
  input.value = state.q;
  form.classList.toggle("has-query", Boolean(state.q));
  sortSelect.value = state.sort;
  const chosen = FILTERS.filter((filter) => state.filters[filter.key]).map((filter) => state.filters[filter.key]);
  if (state.sort) chosen.push("按日期排序");
  summary.textContent = chosen.length ? `筛选和排序（已选：${chosen.join("、")}）` : "筛选和排序";
}

/* ---- searching ---- */

let engine = null;
let totals = {};
let generation = 0;
let current = { total: 0, shown: 0 };

function updateCounts(state, counts, unknown = false) {
  for (const filter of FILTERS) {
    if (unknown) { // only the exact matches are known yet: the site's values, without counts
      fillOptions(selects[filter.key], filter, totals[filter.name], state.filters[filter.key], false);
      continue;
    }
    const found = counts ? counts[filter.name] || {} : totals[filter.name];
    // Values of the whole site stay listed (with 0) so a filter can always be changed back.
    const all = Object.fromEntries(Object.keys(totals[filter.name] || {}).map((value) => [value, 0]));
    fillOptions(selects[filter.key], filter, counts ? { ...all, ...found } : found, state.filters[filter.key]);
  }
}

async function run(state) {
  const mine = ++generation;
  document.title = state.q ? `“${state.q}”的搜索结果 - ${pageTitle}` : pageTitle;
  if (!state.q && !hasFilters(state)) {
    updateCounts(state, null);
    list.replaceChildren();
    moreButton.hidden = true;
    empty.hidden = true;
    status.textContent = "";
    app.dataset.done = stateQuery(state);
    return;
  }
  app.setAttribute("aria-busy", "true");
  let found = await engine.search({ q: state.q, filters: namedFilters(state.filters), sort: state.sort });
  if (mine !== generation) return;
  current = { total: found.total, shown: 0, complete: found.complete, since: found.since, state };
  list.replaceChildren();
  if (found.pending) { // the exact 文号/索引号 matches, shown before the full text is searched
    updateCounts(state, null, true);
    empty.hidden = true;
    showStatus(found);
    await showMore(mine);
    if (mine !== generation) return;
    found = await engine.resume();
    if (mine !== generation) return;
    Object.assign(current, { total: found.total, complete: found.complete, since: found.since });
  }
  if (found.total === 0 && !found.complete && current.shown === 0) { // nothing in the newest shards yet
    await showMore(mine);
    if (mine !== generation) return;
    found = { ...current };
  }
  updateCounts(state, found.counts);
  app.removeAttribute("aria-busy");
  if (found.total === 0 && found.complete) {
    status.textContent = state.q ? `没有找到与“${state.q}”相关的结果` : "没有找到符合筛选条件的结果";
    moreButton.hidden = true;
    showSuggestions(state);
    app.dataset.done = stateQuery(state);
    return;
  }
  empty.hidden = true;
  if (current.shown === 0) await showMore(mine);
  else showStatus(current);
  if (mine === generation) app.dataset.done = stateQuery(state);
}

/* "找到 N 条结果"; while older information is still to be searched, the count (and those of the
   filters) says how far the search has got, and "加载更多" searches further. */
function showStatus(found) {
  const sorted = current.state.sort ? "，按发布日期从新到旧排列（不含没有日期的机构和页面）" : "";
  if (found.complete) {
    status.textContent = `找到 ${found.total} 条结果${sorted}`;
  } else if (found.pending) {
    status.textContent = `找到文号或索引号完全一致的 ${found.total} 条结果，正在查找其他相关信息…`;
  } else {
    const since = found.since ? `${found.since.replace(/^(\d+)-0?(\d+)-0?(\d+)$/u, "$1年$2月$3日")}以来发布的信息和` : "";
    status.textContent = `已找到 ${found.total} 条结果${sorted}（已查找${since}全部机构、数据集、页面；`
      + "更早的信息还未查找，条数和筛选项中的条数会随“加载更多”增加）";
  }
}

function resultItem(data) {
  const details = element("p", { class: "item-meta" });
  if (data.type) details.append(element("span", { class: "result-type", text: data.type }));
  if (data.agency) details.append(element("span", { text: data.agency }));
  if (data.date) {
    details.append(element("span", {}, data.type === "数据集" ? "更新于 " : "发布于 ",
      element("time", { datetime: data.date, text: data.date })));
  }
  const excerpt = element("p", { class: "excerpt" },
    ...data.excerpt.map((part) => (part.mark ? element("mark", { text: part.text }) : document.createTextNode(part.text))));
  return element("li", { class: data.exact ? "search-result search-exact" : "search-result" },
    element("h2", { class: "result-title" }, element("a", { href: data.url, text: data.title })),
    details, excerpt);
}

async function showMore(mine) {
  const { items: pages, ...found } = await engine.page(current.shown, PAGE_SIZE);
  if (mine !== generation) return null;
  const items = pages.map(resultItem);
  list.append(...items);
  Object.assign(current, { shown: current.shown + items.length, total: found.total, complete: found.complete,
                           since: found.since, counts: found.counts });
  if (!found.pending) {
    showStatus(found);
    if (found.counts) updateCounts(current.state, found.counts);
  }
  const remaining = current.total - current.shown;
  moreButton.hidden = Boolean(found.pending) || (remaining <= 0 && current.complete);
  moreButton.textContent = current.complete ? `加载更多（还有 ${remaining} 条）` : "加载更多（继续查找更早的信息）";
  return items[0] || null;
}

function showSuggestions(state) {
  const tips = element("ul", {},
    element("li", { text: "检查文字是否有误，或换一个说法；" }),
    element("li", { text: "减少关键词，例如只输入“医保”“补贴”这样的词，或输入完整的文号、索引号；" }));
  if (hasFilters(state)) {
    const clear = element("button", { type: "button", class: "search-clear", text: "清除筛选条件" });
    clear.addEventListener("click", () => commit({ ...state, filters: {} }));
    tips.append(element("li", {}, clear));
  }
  const browse = element("ul", { class: "browse-links" });
  for (const [path, text] of BROWSE) browse.append(element("li", {}, siteLink(path, text)));
  tips.append(element("li", {}, "浏览信息公开目录和开放数据：", browse));
  tips.append(element("li", {}, "查看", siteLink("guide/", "政府信息公开指南"), "，了解如何申请公开未找到的信息。"));
  empty.replaceChildren(element("p", { text: "您可以：" }), tips);
  empty.hidden = false;
}

/* ---- events ---- */

function commit(state) {
  const query = stateQuery(state);
  if (query !== location.search) history.pushState(null, "", location.pathname + query);
  showControls(state);
  return run(state);
}

function stateFromControls() {
  const filters = {};
  for (const filter of FILTERS) {
    if (selects[filter.key].value) filters[filter.key] = selects[filter.key].value;
  }
  return { q: input.value.trim(), filters, sort: sortSelect.value };
}

async function start() {
  showControls(initial);
  try {
    const manifest = await readManifest();
    await showExactFirst(initial, manifest);
    engine = await startEngine(manifest);
    totals = await engine.totals();
  } catch (error) {
    status.textContent = "搜索功能暂时无法加载，请改为浏览目录。";
    showSuggestions({ q: "", filters: {} });
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    commit(stateFromControls());
  });
  for (const select of [...Object.values(selects), sortSelect]) {
    select.addEventListener("change", () => commit(stateFromControls()));
  }
  clearButton.addEventListener("click", () => commit({ q: input.value.trim(), filters: {}, sort: "" }));
  moreButton.addEventListener("click", async () => {
    app.setAttribute("aria-busy", "true"); // older shards may be searched first
    const first = await showMore(generation);
    app.removeAttribute("aria-busy");
    if (first) first.querySelector("a").focus();
  });
  window.addEventListener("popstate", () => {
    const state = readState(location.search);
    showControls(state);
    run(state);
  });
  await run(initial);
  app.dataset.ready = "true";
}

start();

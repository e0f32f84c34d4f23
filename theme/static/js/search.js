/* The /search/ page: Pagefind's own JS API behind the plain GET form, with filters, sort and
   paging; the query, filters and sort live in the URL so a search can be shared and "back" works. */

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

function pagefindFilters(filters) {
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
const panel = element("details", { class: "search-filters" },
  element("summary", { text: "筛选和排序" }),
  element("p", { class: "search-filters-hint", text: "选择后结果立即更新；括号里是符合条件的条数。" }),
  controls, clearButton);
const status = element("p", { class: "search-status", role: "status", "aria-live": "polite" });
const list = element("ol", { class: "search-results" });
const moreButton = element("button", { type: "button", class: "search-more", hidden: "" });
const empty = element("div", { class: "search-empty", hidden: "" });
app.append(panel, status, list, moreButton, empty);
// Open the panel now, not after Pagefind has loaded, so the page's Tab order is settled at load.
const initial = readState(location.search);
panel.open = hasFilters(initial) || Boolean(initial.sort) || window.matchMedia("(min-width: 641px)").matches;

function fillOptions(select, filter, counts, selected) {
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
    select.append(element("option", { value, text: `${value}（${count}）` }));
  }
  select.value = selected || "";
}

function showControls(state) {
  input.value = state.q;
  sortSelect.value = state.sort;
  if (hasFilters(state) || state.sort) panel.open = true;
}

/* ---- searching ---- */

let pagefind = null;
let totals = {};
let generation = 0;
let current = { state: null, results: [], shown: 0 };

// The indexer marks the Chinese word breaks it chose with zero-width spaces in the stored text.
const WORD_BREAK = /\u200b/g;
const wordSegmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh-CN", { granularity: "word" }) : null;

function queryWords(query) {
  const text = query.normalize("NFKC").toLocaleLowerCase();
  if (!wordSegmenter) return text.split(/\s+/).filter(Boolean);
  return [...wordSegmenter.segment(text)].filter((part) => part.isWordLike).map((part) => part.segment);
}

/* 文号 and 索引号 are looked up exactly in the table search.py writes (search/ids/), because the
   browser's word segmenter and the indexer's split them differently (清财综 -> 清/财/综 vs 清/财综). */
function normalizeIdentifier(text) {
  return text.normalize("NFKC").replace(/\s+/g, "").toUpperCase()
    .replace(/[[(【〔]/g, "〔").replace(/[\])】〕]/g, "〕");
}

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

let identifierTable = null;

async function identifierRecords(query) {
  const key = normalizeIdentifier(query);
  if (key.length < 6 || !/\d/.test(key)) return [];
  try {
    if (!identifierTable) {
      identifierTable = fetch(new URL("search/ids/index.json", siteRoot)).then((response) => (response.ok ? response.json() : { shards: 0 }));
    }
    const { shards } = await identifierTable;
    if (!shards) return [];
    const response = await fetch(new URL(`search/ids/${fnv1a(key) % shards}.json`, siteRoot));
    return response.ok ? (await response.json())[key] || [] : [];
  } catch (error) {
    // Offline or a partial upload: the full-text results still show, without the exact match pinned first.
    console.warn("文号/索引号查找失败", error);
    identifierTable = null;
    return [];
  }
}

/* The items whose 文号 or 索引号 is exactly the query, as Pagefind results (found by their 索引号,
   whose ASCII words always match), so that they can be listed first. */
async function exactResults(state, options) {
  if (state.sort || !state.q) return [];
  const exact = [];
  for (const [url, indexNo] of await identifierRecords(state.q)) {
    const wanted = new URL(url.replace(/^\//, ""), siteRoot).pathname;
    for (const result of (await pagefind.search(indexNo, options)).results.slice(0, 5)) {
      if ((await result.data()).url === wanted) {
        exact.push(result);
        break;
      }
    }
  }
  return exact;
}

/* Pagefind falls back to the longest indexed prefix of a word it cannot find (so "zzzxqj" would
   "match" a page containing "ZZ"). Its terms are ANDed, so that fallback shows in every result:
   if the first result lacks one of the query's words, nothing was really found. */
function reallyMatches(data, query) {
  const haystack = [data.content, ...Object.values(data.meta || {})].join(" ").replace(WORD_BREAK, "")
    .normalize("NFKC").toLocaleLowerCase();
  return queryWords(query).every((word) => haystack.includes(word));
}

async function counted(state, without) {
  const filters = { ...state.filters };
  delete filters[without];
  const options = { filters: pagefindFilters(filters) };
  if (state.sort) options.sort = { date: "desc" };
  return (await pagefind.search(state.q || null, options)).filters;
}

async function updateCounts(state, search, foundNothing) {
  for (const filter of FILTERS) {
    let counts = totals[filter.name];
    if (foundNothing) {
      counts = Object.fromEntries(Object.keys(counts || {}).map((value) => [value, 0]));
    } else if (state.filters[filter.key]) {
      counts = (await counted(state, filter.key))[filter.name];
    } else if (search) {
      counts = search.filters[filter.name];
    }
    fillOptions(selects[filter.key], filter, counts, state.filters[filter.key]);
  }
}

async function run(state) {
  const mine = ++generation;
  current = { state, results: [], shown: 0 };
  document.title = state.q ? `“${state.q}”的搜索结果 - ${pageTitle}` : pageTitle;
  if (!state.q && !hasFilters(state)) {
    await updateCounts(state, null, false);
    list.replaceChildren();
    moreButton.hidden = true;
    empty.hidden = true;
    status.textContent = "";
    app.dataset.done = stateQuery(state);
    return;
  }
  app.setAttribute("aria-busy", "true");
  const options = { filters: pagefindFilters(state.filters) };
  if (state.sort) options.sort = { date: "desc" };
  const search = await pagefind.search(state.q || null, options);
  const exact = await exactResults(state, options);
  if (mine !== generation) return;
  let results = search.results;
  if (state.q && results.length && !exact.length && !reallyMatches(await results[0].data(), state.q)) results = [];
  if (exact.length) {
    const pinned = new Set(exact.map((result) => result.id));
    results = [...exact, ...results.filter((result) => !pinned.has(result.id))];
  }
  await updateCounts(state, search, results.length === 0);
  if (mine !== generation) return;
  app.removeAttribute("aria-busy");
  current.results = results;
  list.replaceChildren();
  if (results.length === 0) {
    status.textContent = state.q ? `没有找到与“${state.q}”相关的结果` : "没有找到符合筛选条件的结果";
    moreButton.hidden = true;
    showSuggestions(state);
    app.dataset.done = stateQuery(state);
    return;
  }
  empty.hidden = true;
  status.textContent = `找到 ${results.length} 条结果${state.sort ? "，按发布日期从新到旧排列（不含没有日期的机构和页面）" : ""}`;
  await showMore(mine);
  if (mine === generation) app.dataset.done = stateQuery(state);
}

/* Pagefind escapes the page text and adds only <mark>; copy just text and <mark> across anyway. */
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html.replace(WORD_BREAK, "");
  const nodes = [];
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) nodes.push(document.createTextNode(node.textContent));
    else if (node.nodeName === "MARK") nodes.push(element("mark", { text: node.textContent }));
    else nodes.push(document.createTextNode(node.textContent || ""));
  }
  return nodes;
}

function resultItem(data) {
  const meta = data.meta || {};
  const details = element("p", { class: "item-meta" });
  if (meta.type) details.append(element("span", { class: "result-type", text: meta.type }));
  if (meta.agency) details.append(element("span", { text: meta.agency }));
  if (meta.date) {
    details.append(element("span", {}, meta.type === "数据集" ? "更新于 " : "发布于 ",
      element("time", { datetime: meta.date, text: meta.date })));
  }
  return element("li", { class: "search-result" },
    element("h2", { class: "result-title" }, element("a", { href: data.url, text: meta.title || data.url })),
    details,
    element("p", { class: "excerpt" }, ...excerptNodes(data.excerpt || "")));
}

async function showMore(mine) {
  const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const pages = await Promise.all(next.map((result) => result.data()));
  if (mine !== generation) return null;
  const items = pages.map(resultItem);
  list.append(...items);
  current.shown += items.length;
  const remaining = current.results.length - current.shown;
  moreButton.hidden = remaining <= 0;
  moreButton.textContent = `加载更多（还有 ${remaining} 条）`;
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
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 40 });
    // A big site's index comes in several bundles (pagefind/, pagefind-2/ ...): search them as one.
    const bundles = (app.dataset.bundles || "").split(" ").filter((name) => name && name !== "pagefind/");
    for (const name of bundles) {
      await pagefind.mergeIndex(new URL(name, siteRoot).pathname, { baseUrl: siteRoot.pathname });
    }
    totals = await pagefind.filters();
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
    const first = await showMore(generation);
    if (first) first.querySelector("a").focus();
  });
  window.addEventListener("popstate", () => {
    const state = readState(location.search);
    showControls(state);
    run(state);
  });
  showControls(initial);
  await run(initial);
  app.dataset.ready = "true";
}

start();

/* The search engine behind /search/: our query cutting (search-text.js), Pagefind as the index of
   tokens, and the ranking, filtering, counting and excerpts done here.

   It runs in a module worker (search-worker.js), where Pagefind sees no page language and so
   leaves our tokens as they are; a browser's own word segmenter would cut them again (低保 into
   低 + 保). Browsers without module workers run it in the page: withoutPageLanguage(start)
   then hides the page's language from Pagefind while it starts. Pagefind finds, for each token, the pages that hold it and a BM25 score (title and
   identifiers weigh more); phrases are Pagefind's exact searches of consecutive tokens.

   Ranking, key by key: the 文号/索引号 that is exactly the query; pages holding more of the
   query's segments whole (as a phrase, or as words: see complete()), so a whole query comes
   before parts of it; more of them whole in the title; an agency whose name holds the query;
   the question's other words (申请) in the title, then anywhere; Pagefind's score (BM25 with the
   title, 文号 and 主题词 weighing more), half as much again when every segment is a phrase; the
   newer page. A segment with at least half of its bigrams still counts as found, ranked after.
   Filters, counts and the date order use each bundle's facets.json, so every count is exact. */

import { FIELDS, TITLE_END, fnv1a, parseQuery, readBack } from "./search-text.js";

const EXCERPT_BEFORE = 24; // characters shown before the first match
const EXCERPT_LENGTH = 90;

export function createEngine(base, { withoutPageLanguage = null } = {}) {
  const siteRoot = new URL(base);
  let manifest = null;
  let pagefind = null;
  const rows = new Map(); // page id -> {url, date, title (tokens in the title block), filters: {name: [values]}}
  const byUrl = new Map(); // site path -> page id
  let ready = null;
  let current = { order: [], handles: new Map(), query: null };

  async function json(path) {
    const response = await fetch(new URL(path, siteRoot));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  async function loadFacets(bundle) {
    const table = await json(`${bundle}facets.json`);
    for (const [id, url, date, title, ...indexes] of table.pages) {
      const filters = {};
      table.names.forEach((name, column) => {
        const index = indexes[column];
        if (index === null || index === undefined) return;
        filters[name] = (Array.isArray(index) ? index : [index]).map((i) => table.values[column][i]);
      });
      rows.set(id, { url, date, title, filters });
      byUrl.set(url, id);
    }
  }

  function setUp() {
    if (!ready) {
      ready = (async () => {
        manifest = await json("search/manifest.json");
        const [first, ...others] = manifest.bundles;
        pagefind = await import(new URL(`${first}pagefind.js`, siteRoot).href);
        await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 0 });
        await (withoutPageLanguage ? withoutPageLanguage(() => pagefind.init()) : pagefind.init());
        for (const bundle of others) await pagefind.mergeIndex(new URL(bundle, siteRoot).href, { baseUrl: siteRoot.pathname });
        await Promise.all(manifest.bundles.map(loadFacets));
      })();
    }
    return ready;
  }

  /* ---- looking up ---- */

  async function identifierHits(key) {
    if (!key || !manifest.identifier_buckets) return [];
    try {
      return (await json(`search/ids/${fnv1a(key) % manifest.identifier_buckets}.json`))[key] || [];
    } catch (error) {
      console.warn("文号/索引号查找失败", error); // the full-text results still show
      return [];
    }
  }

  /* token -> Map(page id -> Pagefind result) of the pages holding it. A bigram or word must be
     there exactly (Pagefind would fall back to a shorter word); one Han character is the start
     of a token. */
  async function pagesWith(token, cache) {
    if (!cache.has(token)) {
      cache.set(token, (async () => {
        const exactly = [...token].length > 1 || !/\p{Script=Han}/u.test(token);
        const scored = (await pagefind.search(token)).results;
        const found = new Map(scored.map((result) => [result.id, result]));
        if (!exactly) return found;
        const there = new Set((await pagefind.search(`"${token}"`)).results.map((result) => result.id));
        return new Map([...found].filter(([id]) => there.has(id)));
      })());
    }
    return cache.get(token);
  }

  async function phrasePages(tokens) {
    if (tokens.length < 2) return null; // a one-token segment is a phrase where its token is
    return new Set((await pagefind.search(`"${tokens.join(" ")}"`)).results.map((result) => result.id));
  }

  /* A segment is complete in a page when its phrase is there, or all its bigrams but where it
     splits into words of two characters or more (医保缴费: 医保 … 缴费, 保缴 missing). */
  function complete(present) {
    const n = present.length;
    if (present.every(Boolean)) return true;
    if (n < 3 || !present[0] || !present[n - 1]) return false;
    return present.every((here, i) => here || present[i + 1]);
  }

  function inTitle(result, id) {
    const length = rows.get(id)?.title || 0;
    return result.words.some((location) => location < length);
  }

  async function rank(query) {
    const cache = new Map();
    // One character cut off a question (领, 年) ranks nothing: every page holds it.
    const optional = query.optional.filter((segment) => [...segment.text].length > 1);
    const segments = [...query.required, ...optional];
    const found = await Promise.all(segments.map(async (segment) => ({
      segment,
      pages: await Promise.all(segment.tokens.map((token) => pagesWith(token, cache))),
      phrase: await phrasePages(segment.tokens),
    })));
    const handles = new Map();
    const scores = new Map();
    for (const { pages } of found) {
      for (const byId of pages) {
        for (const [id, result] of byId) {
          handles.set(id, result);
          scores.set(id, (scores.get(id) || 0) + result.score);
        }
      }
    }
    const required = found.slice(0, query.required.length);
    const extra = found.slice(query.required.length);
    const keys = new Map();
    for (const id of handles.keys()) {
      let whole = 0; // required segments complete in the page
      let titled = 0; // required segments complete in the title
      let phrases = 0;
      let ok = true;
      for (const { segment, pages, phrase } of required) {
        const present = pages.map((byId) => byId.has(id));
        const hits = present.filter(Boolean).length;
        const isPhrase = phrase ? phrase.has(id) : hits === pages.length;
        const done = isPhrase || complete(present);
        if (!done && (segment.tokens.length === 1 || hits * 2 < segment.tokens.length)) ok = false;
        whole += done ? 1 : 0;
        phrases += isPhrase ? 1 : 0;
        titled += complete(pages.map((byId) => byId.has(id) && inTitle(byId.get(id), id))) ? 1 : 0;
      }
      if (!ok) continue;
      const row = rows.get(id);
      const named = titled === required.length && row?.filters["类型"]?.includes("机构") ? 1 : 0;
      const has = (pages, title) => pages.every((byId) => byId.has(id) && (!title || inTitle(byId.get(id), id)));
      const extraInTitle = extra.filter(({ pages }) => has(pages, true)).length;
      const extraAnywhere = extra.filter(({ pages, phrase }) => (phrase ? phrase.has(id) : has(pages, false))).length;
      const score = scores.get(id) * (phrases === required.length ? 1.5 : 1);
      keys.set(id, [whole, titled, named, extraInTitle, extraAnywhere, score]);
    }
    return { handles, keys };
  }

  /* ---- filtering, counting, ordering ---- */

  function passes(id, filters, without) {
    const row = rows.get(id);
    if (!row) return false;
    return Object.entries(filters).every(([name, value]) => name === without || (row.filters[name] || []).includes(value));
  }

  function countBy(ids, filters) {
    const counts = {};
    const names = new Set(Object.keys(filters));
    for (const row of rows.values()) for (const name of Object.keys(row.filters)) names.add(name);
    for (const name of names) {
      const tally = {};
      for (const id of ids) {
        if (!passes(id, filters, name)) continue;
        for (const value of rows.get(id).filters[name] || []) tally[value] = (tally[value] || 0) + 1;
      }
      counts[name] = tally;
    }
    return counts;
  }

  function byDate(a, b) {
    return (rows.get(b)?.date || "").localeCompare(rows.get(a)?.date || "") || a.localeCompare(b);
  }

  function compareKeys(keys) {
    return (a, b) => {
      const [x, y] = [keys.get(a), keys.get(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
      return byDate(a, b);
    };
  }

  async function everything() {
    const results = (await pagefind.search(null)).results;
    return new Map(results.map((result) => [result.id, result]));
  }

  /* ---- the API ---- */

  async function search({ q, filters, sort }) {
    await setUp();
    const query = q ? parseQuery(q, manifest) : null;
    const exact = query ? await identifierHits(query.identifier) : [];
    let handles;
    let order;
    if (query && (query.required.length || query.optional.length)) {
      const ranked = await rank(query);
      handles = ranked.handles;
      order = [...ranked.keys.keys()].sort(compareKeys(ranked.keys));
    } else {
      handles = await everything();
      order = q ? [] : [...handles.keys()].sort(byDate);
    }
    const pinned = new Set(exact.map((record) => sitePath(record.url)));
    order = order.filter((id) => !pinned.has(rows.get(id)?.url));
    const counts = countBy(order, filters);
    order = order.filter((id) => passes(id, filters));
    if (sort === "date") order = order.filter((id) => rows.get(id)?.date).sort(byDate);
    const shownExact = exact.filter((record) => passesRecord(record, filters));
    for (const record of shownExact) addRecord(counts, record, filters);
    current = { order: [...shownExact.map((record) => ({ record })), ...order.map((id) => ({ id }))], handles, query };
    return { total: current.order.length, counts };
  }

  function sitePath(url) {
    return new URL(url.replace(/^\//, ""), siteRoot).pathname.slice(siteRoot.pathname.length - 1);
  }

  function recordRow(record) {
    return rows.get(byUrl.get(sitePath(record.url)));
  }

  function passesRecord(record, filters) {
    const row = recordRow(record);
    return !row || Object.entries(filters).every(([name, value]) => (row.filters[name] || []).includes(value));
  }

  function addRecord(counts, record, filters) {
    const row = recordRow(record);
    if (!row) return;
    for (const [name, values] of Object.entries(row.filters)) {
      const others = Object.fromEntries(Object.entries(filters).filter(([key]) => key !== name));
      if (!Object.entries(others).every(([key, value]) => (row.filters[key] || []).includes(value))) continue;
      counts[name] = counts[name] || {};
      for (const value of values) counts[name][value] = (counts[name][value] || 0) + 1;
    }
  }

  async function totals() {
    await setUp();
    return countBy([...rows.keys()], {});
  }

  function marks(text, query) {
    if (!query) return [];
    const lower = text.toLowerCase();
    if (lower.length !== text.length) return [];
    const phrases = new Set([...query.required, ...query.optional].map((segment) => segment.text)
      .filter((phrase) => [...phrase].length > 1 || query.required.some((segment) => segment.text === phrase)));
    for (const group of manifest.synonyms || []) {
      if (group.some((word) => phrases.has(word.toLowerCase()))) group.forEach((word) => phrases.add(word.toLowerCase()));
    }
    const ranges = [];
    for (const phrase of phrases) {
      if (!phrase) continue;
      for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + phrase.length)) {
        ranges.push([at, at + phrase.length, query.required.some((segment) => segment.text === phrase)]);
      }
    }
    return ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  }

  /* [{text, mark}] of about EXCERPT_LENGTH characters of the shown text around the first match. */
  function excerpt(content, query) {
    const stream = content.split(" ");
    const end = stream.indexOf(FIELDS);
    const text = readBack(stream.slice(stream.indexOf(TITLE_END) + 1, end >= 0 ? end : stream.length)).trim();
    const ranges = marks(text, query);
    const first = ranges.find((range) => range[2]) || ranges[0];
    let start = first ? Math.max(0, first[0] - EXCERPT_BEFORE) : 0;
    const stop = Math.min(text.length, start + EXCERPT_LENGTH);
    if (stop - start < EXCERPT_LENGTH) start = Math.max(0, stop - EXCERPT_LENGTH);
    const parts = [];
    if (start > 0) parts.push({ text: "…", mark: false });
    let at = start;
    for (const [from, to] of ranges) {
      if (to <= at || from >= stop) continue;
      const begin = Math.max(from, at);
      if (begin > at) parts.push({ text: text.slice(at, begin), mark: false });
      parts.push({ text: text.slice(begin, Math.min(to, stop)), mark: true });
      at = Math.min(to, stop);
    }
    if (at < stop) parts.push({ text: text.slice(at, stop), mark: false });
    if (stop < text.length) parts.push({ text: "…", mark: false });
    return parts;
  }

  async function page(from, count) {
    const entries = current.order.slice(from, from + count);
    return Promise.all(entries.map(async ({ id, record }) => {
      if (record) {
        return { url: new URL(record.url.replace(/^\//, ""), siteRoot).pathname, title: record.title,
                 type: record.type, agency: record.agency, date: record.date, exact: true,
                 excerpt: [{ text: [record.doc_no && `文号 ${record.doc_no}`, `索引号 ${record.index_no}`].filter(Boolean).join("　"), mark: false }] };
      }
      const data = await current.handles.get(id).data();
      const meta = data.meta || {};
      return { url: data.url, title: meta.title || data.url, type: meta.type || "", agency: meta.agency || "",
               date: meta.date || "", exact: false, excerpt: excerpt(data.content || "", current.query) };
    }));
  }

  return { search, page, totals, ready: setUp };
}

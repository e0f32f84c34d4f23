/* The search engine behind /search/: our query cutting (search-text.js), Pagefind as the index of
   tokens, and the ranking, filtering, counting and excerpts done here.

   It runs in a module worker (search-worker.js), where Pagefind sees no page language and so
   leaves our tokens as they are; a browser's own word segmenter would cut them again (低保 into
   低 + 保). Browsers without module workers run it in the page: withoutPageLanguage(start)
   then hides the page's language from Pagefind while it starts. Pagefind finds, for each token,
   the pages that hold it and a BM25 score (title and identifiers weigh more); phrases are
   Pagefind's exact searches of consecutive tokens.

   The site's index is cut into shards by publication date (search/plan.py). A query first reads
   which shards hold its terms (search/terms/), then searches the primary shard (the newest items
   with the agencies, datasets and pages) and the newest of those shards, a batch at a time; the next batch is read when
   the reader asks for more. Until every shard that can answer has been searched, the result says
   so (complete: false): the count and the filter counts then cover what was searched.

   Ranking, key by key: the 文号/索引号 that is exactly the query; pages holding more of the
   query's segments whole (as a phrase, or as words: see complete()), so a whole query comes
   before parts of it; more of them whole in the title; an agency whose name holds the query;
   the question's other words (申请) in the title, then anywhere; Pagefind's score (BM25 with the
   title, 文号 and 主题词 weighing more), half as much again when every segment is a phrase; the
   newer page. A segment with at least half of its bigrams still counts as found, ranked after. */

import { FIELDS, TITLE_END, exactMatches, exactResult, fnv1a, parseQuery, readBack } from "./search-text.js";

const EXCERPT_BEFORE = 24; // characters shown before the first match
const EXCERPT_LENGTH = 90;
// A batch of shards costs about (3 + tokens) requests each (entry, meta, facets, one index chunk
// per token); a first query stays near BATCH_REQUESTS and BATCH_PAGES.
const BATCH_REQUESTS = 20;
const BATCH_PAGES = 4000;
const MORE_BATCHES = 3;

export function createEngine(base, manifest, { withoutPageLanguage = null } = {}) {
  const siteRoot = new URL(base);
  const shards = manifest.shards;
  const tables = new Map(); // shard number -> its facets.json, as loaded
  let pagefind = null;
  let session = null; // the query being answered

  async function json(path) {
    const response = await fetch(new URL(path, siteRoot));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  /* ---- shard sets: "a,b,c" in base 36, or "~" and a base64 bitmap ---- */

  function shardSet(value) {
    const found = new Set();
    if (!value) return found;
    if (value.startsWith("~")) {
      const bytes = atob(value.slice(1));
      for (let i = 0; i < bytes.length; i++) {
        for (let bit = 0; bit < 8; bit++) if (bytes.charCodeAt(i) & (1 << bit)) found.add(i * 8 + bit);
      }
    } else {
      for (const part of value.split(",")) found.add(parseInt(part, 36));
    }
    return found;
  }

  async function shardsWith(term) {
    const bucket = await json(`search/terms/${fnv1a(term) % manifest.term_buckets}.json`);
    return shardSet(bucket[term]);
  }

  /* The shards that may answer: each required segment must have half its tokens there (at least
     one), and every chosen filter value must occur there. */
  async function candidates(query, filters) {
    let possible = shards.map((_, number) => number);
    if (query && shards.length > 1) { // (one shard: nothing to choose)
      const terms = [...new Set(query.required.flatMap((segment) => segment.tokens))];
      const held = new Map(await Promise.all(terms.map(async (term) => [term, await shardsWith(term)])));
      possible = possible.filter((number) => query.required.every((segment) => {
        const hits = segment.tokens.filter((token) => held.get(token).has(number)).length;
        return hits > 0 && hits * 2 >= segment.tokens.length;
      }));
    }
    for (const [name, value] of Object.entries(filters)) {
      const where = shardSet((manifest.filters[name] || {})[value]);
      possible = possible.filter((number) => where.has(number));
    }
    return possible; // in reading order: the primary shard, then newest first
  }

  /* ---- Pagefind over the shards searched so far ---- */

  async function restart() {
    if (!pagefind) pagefind = await import(new URL(`${manifest.primary}pagefind.js`, siteRoot).href);
    else await pagefind.destroy();
    await pagefind.options({ basePath: new URL(manifest.primary, siteRoot).href, baseUrl: siteRoot.pathname,
                             excerptLength: 0, metaCacheTag: manifest.tag });
    await (withoutPageLanguage ? withoutPageLanguage(() => pagefind.init()) : pagefind.init());
  }

  async function facetsOf(number) {
    if (!tables.has(number)) tables.set(number, json(`${shards[number].path}facets.json`));
    return tables.get(number);
  }

  async function open(number) {
    const table = facetsOf(number);
    if (number !== 0) await pagefind.mergeIndex(new URL(shards[number].path, siteRoot).href, { baseUrl: siteRoot.pathname });
    await table;
  }

  async function row(id) {
    const dot = id.lastIndexOf(".");
    const number = session.byKey.get(id.slice(0, dot));
    if (number === undefined || !session.loaded.has(number)) return null;
    const table = await facetsOf(number);
    const index = parseInt(id.slice(dot + 1), 16);
    const filters = {};
    for (const [name, column] of Object.entries(table.filters)) {
      const entry = Array.isArray(column.of) ? column.of[index] : column.of;
      if (entry === null || entry === undefined) continue;
      filters[name] = (Array.isArray(entry) ? entry : [entry]).map((i) => column.values[i]);
    }
    return { date: table.dates[index], title: table.titles[index], filters };
  }

  /* ---- ranking ---- */

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

  async function rank(query, rows) {
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
      const facts = await row(id);
      if (!facts) continue;
      rows.set(id, facts);
      const inTitle = (result) => result.words.some((location) => location < facts.title);
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
        titled += complete(pages.map((byId) => byId.has(id) && inTitle(byId.get(id)))) ? 1 : 0;
      }
      if (!ok) continue;
      const named = titled === required.length && (facts.filters["类型"] || []).includes("机构") ? 1 : 0;
      const has = (pages, title) => pages.every((byId) => byId.has(id) && (!title || inTitle(byId.get(id))));
      const extraInTitle = extra.filter(({ pages }) => has(pages, true)).length;
      const extraAnywhere = extra.filter(({ pages, phrase }) => (phrase ? phrase.has(id) : has(pages, false))).length;
      const score = scores.get(id) * (phrases === required.length ? 1.5 : 1);
      keys.set(id, [whole, titled, named, extraInTitle, extraAnywhere, score]);
    }
    return { handles, keys };
  }

  async function everything(rows) {
    const handles = new Map();
    for (const result of (await pagefind.search(null)).results) {
      const facts = await row(result.id);
      if (!facts) continue;
      rows.set(result.id, facts);
      handles.set(result.id, result);
    }
    return handles;
  }

  /* ---- filtering, counting, ordering ---- */

  function passes(facts, filters, without) {
    return Object.entries(filters).every(([name, value]) => name === without || (facts.filters[name] || []).includes(value));
  }

  function countBy(ids, rows, filters) {
    const counts = {};
    const names = new Set([...Object.keys(manifest.totals), ...Object.keys(filters)]);
    for (const name of names) {
      const tally = {};
      for (const id of ids) {
        const facts = rows.get(id);
        if (!passes(facts, filters, name)) continue;
        for (const value of facts.filters[name] || []) tally[value] = (tally[value] || 0) + 1;
      }
      counts[name] = tally;
    }
    return counts;
  }

  /* ---- a query, shard batch by shard batch ---- */

  function batch() {
    const { waiting, query } = session;
    const tokens = query ? new Set([...query.required, ...query.optional].flatMap((s) => s.tokens)).size : 0;
    const most = Math.max(1, Math.floor(BATCH_REQUESTS / (3 + tokens)));
    const chosen = [];
    let pages = 0;
    while (waiting.length && chosen.length < most && pages < BATCH_PAGES) {
      const number = waiting.shift();
      chosen.push(number);
      pages += shards[number].pages;
    }
    return chosen;
  }

  async function searchMore() {
    const chosen = batch();
    await Promise.all(chosen.map(open));
    chosen.forEach((number) => session.loaded.add(number));
    const { query, state } = session;
    const rows = new Map();
    let handles;
    let order;
    if (query && (query.required.length || query.optional.length)) {
      const ranked = await rank(query, rows);
      handles = ranked.handles;
      const keys = ranked.keys;
      order = [...keys.keys()].sort((a, b) => {
        const [x, y] = [keys.get(a), keys.get(b)];
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
        return rows.get(b).date - rows.get(a).date || a.localeCompare(b);
      });
    } else if (query) { // a query of punctuation only finds nothing
      handles = new Map();
      order = [];
    } else {
      handles = await everything(rows);
      order = [...handles.keys()].sort((a, b) => rows.get(b).date - rows.get(a).date || a.localeCompare(b));
    }
    order = order.filter((id) => !session.pinned.has(id) && session.candidate.has(session.byKey.get(id.slice(0, id.lastIndexOf(".")))));
    session.counts = countBy(order, rows, state.filters);
    order = order.filter((id) => passes(rows.get(id), state.filters));
    if (state.sort === "date") order = order.filter((id) => rows.get(id).date);
    session.handles = handles;
    session.rows = rows;
    session.ranked = order;
  }

  /* Results may be shown in this order: those already shown stay first; when sorting by date, a
     page older than the newest shard not yet searched waits until that shard is. */
  function arrange() {
    const { ranked, rows, delivered, state, waiting } = session;
    const shown = new Set(delivered);
    let rest = ranked.filter((id) => !shown.has(id));
    if (state.sort === "date") {
      rest.sort((a, b) => rows.get(b).date - rows.get(a).date || a.localeCompare(b));
      const horizon = Math.max(0, ...waiting.map((number) => dayOf(shards[number].last)));
      rest = rest.filter((id) => rows.get(id).date > horizon);
    }
    session.order = [...delivered, ...rest];
  }

  function dayOf(iso) {
    return iso ? parseInt(iso.replaceAll("-", ""), 10) : 0;
  }

  /* total: the results found so far (all of them when complete); counts: per filter value, of
     the results found so far (null while only the exact matches are known); since: the earliest
     publication date searched, while older shards are still to be searched. */
  function summary() {
    const { exact, order, waiting, loaded, counts, state, pending } = session;
    const shownExact = Object.keys(state.filters).length ? [] : exact;
    const itemShards = [...loaded].filter((number) => shards[number].first);
    const left = pending || waiting.length > 0;
    return {
      total: shownExact.length + (left ? order.length : session.ranked.length),
      complete: !left,
      pending,
      counts,
      since: left && itemShards.length ? shards[Math.max(...itemShards)].first : null,
    };
  }

  /* A query: the exact 文号/索引号 matches first (one small file); when there are some and no
     filter is chosen, they are the answer shown at once (pending: true) and resume() searches
     the full text after; otherwise the full text is searched now. */
  async function search(state) {
    const query = state.q ? parseQuery(state.q, manifest) : null;
    const exact = query && query.identifier ? await identifierHits(query.identifier) : [];
    session = { state, query, exact, pinned: new Set(exact.map((record) => record.page).filter(Boolean)),
                pending: true, waiting: [], order: [], ranked: [], delivered: [], loaded: new Set(), counts: null };
    if (exact.length && Object.keys(state.filters).length === 0) return summary();
    return resume();
  }

  async function resume() {
    if (!session.pending) return summary();
    const { query, state } = session;
    const words = query && (query.required.length || query.optional.length);
    const possible = query && !words ? [] : await candidates(words ? query : null, state.filters);
    await restart();
    Object.assign(session, {
      pending: false, candidate: new Set(possible), byKey: new Map(shards.map((shard, number) => [shard.key, number])),
      // the primary shard is read first whether or not it may answer: Pagefind starts from it
      waiting: [...new Set([0, ...possible])],
    });
    await searchMore();
    // Nothing yet but shards left: read up to two more batches before answering.
    for (let rounds = 0; rounds < 2 && session.ranked.length === 0 && session.waiting.length; rounds++) await searchMore();
    arrange();
    return summary();
  }

  function totals() {
    return manifest.totals;
  }

  async function identifierHits(key) {
    try {
      return await exactMatches(siteRoot, manifest, key);
    } catch (error) {
      console.warn("文号/索引号查找失败", error); // the full-text results still show
      return [];
    }
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

  /* Results from..from+count (the exact 文号/索引号 matches first), reading more shards when the
     ones searched are used up (MORE_BATCHES at most); with the summary as it then stands. */
  async function page(from, count) {
    const exact = Object.keys(session.state.filters).length ? [] : session.exact;
    // At most MORE_BATCHES per call: a query few old pages answer must not read a province's
    // whole index at once; the reader asks again (加载更多) and the page says how far it got.
    for (let batches = 0; batches < MORE_BATCHES && exact.length + session.order.length < from + count
         && session.waiting.length; batches++) {
      await searchMore();
      arrange();
    }
    const wanted = [];
    for (let position = from; position < from + count; position++) {
      if (position < exact.length) wanted.push({ record: exact[position] });
      else if (position - exact.length < session.order.length) wanted.push({ id: session.order[position - exact.length] });
    }
    const items = await Promise.all(wanted.map(async ({ id, record }) => {
      if (record) return exactResult(record, siteRoot);
      const data = await session.handles.get(id).data();
      const meta = data.meta || {};
      return { url: data.url, title: meta.title || data.url, type: meta.type || "", agency: meta.agency || "",
               date: meta.date || "", exact: false, excerpt: excerpt(data.content || "", session.query) };
    }));
    for (const { id } of wanted) if (id && !session.delivered.includes(id)) session.delivered.push(id);
    return { items, ...summary() };
  }

  return { search, resume, page, totals };
}

/* The engine of the site at `base`, once its search/manifest.json is read (or given). */
export async function openEngine(base, options = {}, manifest = null) {
  if (manifest) return createEngine(base, manifest, options);
  const response = await fetch(new URL("search/manifest.json", base));
  if (!response.ok) throw new Error(`search/manifest.json: HTTP ${response.status}`);
  return createEngine(base, await response.json(), options);
}

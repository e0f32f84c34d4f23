/* Search tokens and queries: the browser half of plugins/gongkai/search/text.py (read its
   docstring). tokens() and readBack() must cut text exactly as the Python does;
   tests/test_search_text.py runs both on the same strings. */

export const GAP = "¶"; // whitespace between two tokens
export const TITLE_END = "\ue001"; // ends the title block (search/documents.py)
export const FIELDS = "\ue000"; // ends the text shown in excerpts

const CHAINED = /[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2FA1F}\u{30000}-\u{3134F}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

export function isChained(char) {
  return CHAINED.test(char);
}

export function isWord(char) {
  return LETTER_OR_DIGIT.test(char) && !CHAINED.test(char);
}

function kind(char) {
  if (isChained(char)) return "chain";
  if (isWord(char)) return "word";
  return SPACE.test(char) ? "space" : "punct";
}

function normal(char) {
  return isChained(char) || isWord(char) ? char.normalize("NFKC") : char;
}

/* (kind, text) runs as search/text.py _runs() makes them. */
function runs(text) {
  const found = [];
  let current = null;
  let run = "";
  for (const raw of text) {
    for (const char of SPACE.test(raw) ? " " : normal(raw)) {
      const this_ = kind(char);
      if (run && (this_ !== current || this_ === "punct")) {
        found.push([current, run]);
        run = "";
      }
      current = this_;
      run += char;
    }
  }
  if (run && current !== "space") found.push([current, run]);
  return found;
}

export function chain(run) {
  const chars = [...run];
  const out = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  if (chars.length) out.push(chars[chars.length - 1]);
  return out;
}

export function tokens(text) {
  const found = [];
  for (const [what, run] of runs(text)) {
    if (what === "space") {
      if (found.length) found.push(GAP);
    } else if (what === "chain") {
      found.push(...chain(run));
    } else {
      found.push(run);
    }
  }
  return found;
}

/* What one token of a stream shows when read back (search/text.py read_back). */
export function shown(token) {
  if (token === GAP) return " ";
  const chars = [...token];
  if (chars.length === 2 && isChained(chars[0]) && isChained(chars[1])) return chars[0];
  return token;
}

export function readBack(stream) {
  return stream.map(shown).join("");
}

/* ---- identifiers (search/tables.py normalize_identifier, fnv1a) ---- */

export function normalizeIdentifier(text) {
  return text.normalize("NFKC").replace(/\s+/gu, "").toUpperCase()
    .replace(/[[(【〔]/gu, "〔").replace(/[\])】〕]/gu, "〕");
}

export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

export function identifierKey(query) {
  const key = normalizeIdentifier(query);
  return key.length >= 6 && /\d/u.test(key) ? key : null;
}

/* The items whose 文号 or 索引号 is exactly `key`: one small file, search/ids/<fnv1a(key) % buckets>.json
   (search/tables.py), read without the full-text engine. */
export async function exactMatches(base, manifest, key) {
  if (!key || !manifest.identifier_buckets) return [];
  const response = await fetch(new URL(`search/ids/${fnv1a(key) % manifest.identifier_buckets}.json`, base));
  if (!response.ok) throw new Error(`search/ids: HTTP ${response.status}`);
  return (await response.json())[key] || [];
}

/* A result as the page shows it, from an exact match's record. */
export function exactResult(record, siteRoot) {
  return { url: new URL(record.url.replace(/^\//, ""), siteRoot).pathname, title: record.title, type: record.type,
           agency: record.agency, date: record.date, exact: true,
           excerpt: [{ text: [record.doc_no && `文号 ${record.doc_no}`, `索引号 ${record.index_no}`].filter(Boolean).join("　"), mark: false }] };
}

/* ---- queries ---- */

/* The tokens a segment is searched by: the bigrams of a Han phrase (its last character alone
   only when it is one character), a word as it is. */
export function segmentTokens(text) {
  const chars = [...text];
  if (!isChained(chars[0])) return [text];
  return chars.length === 1 ? [text] : chain(text).slice(0, -1);
}

function longestAt(text, at, words) {
  let best = "";
  for (const word of words) {
    if (word.length > best.length && text.startsWith(word, at)) best = word;
  }
  return best;
}

/* Cut a Han piece at its question words (wherever they stand), then take action words off the
   start and end of what is left. Returns [required pieces, optional words]. */
function sift(piece, questionWords, actionWords) {
  const parts = [];
  const optional = [];
  let rest = "";
  for (let at = 0; at < piece.length;) {
    const word = longestAt(piece, at, questionWords);
    if (word) {
      parts.push(rest);
      rest = "";
      optional.push(word);
      at += word.length;
    } else {
      rest += piece[at];
      at += 1;
    }
  }
  parts.push(rest);
  const required = [];
  for (let part of parts) {
    let changed = true;
    while (part && changed) {
      changed = false;
      const start = longestAt(part, 0, actionWords);
      if (start && start.length < part.length) {
        optional.push(start);
        part = part.slice(start.length);
        changed = true;
      }
      const end = actionWords.filter((word) => part.endsWith(word) && word.length < part.length)
        .sort((a, b) => b.length - a.length)[0];
      if (end) {
        optional.push(end);
        part = part.slice(0, -end.length);
        changed = true;
      }
      if (!changed && actionWords.includes(part) && parts.length > 1) {
        optional.push(part); // 临时救助怎么申请: 申请 stood between a question word and the end
        part = "";
      }
    }
    if (!part) continue;
    // A single character cut off by a question word (就业补贴怎么领: 领) is part of the question.
    if ([...part].length === 1 && parts.length > 1) optional.push(part);
    else required.push(part);
  }
  return [required, optional];
}

// A unit right after a number belongs to it (2025年决算: 2025 + 决算, with 年 optional).
const UNITS = ["年度", "年", "月份", "月", "日", "号", "万元", "亿元", "元", "季度", "人", "户", "个", "次", "件", "期", "批", "届", "项", "岁"];

/* The query as segments: each required segment must be found (as a phrase, as words whose
   bigrams are all there but where it splits, or at least half of its bigrams), optional ones
   (question and action words, units) only rank what has them first. */
export function parseQuery(query, words = {}) {
  const questionWords = words.question_words || [];
  const actionWords = words.action_words || [];
  const text = query.normalize("NFKC").toLocaleLowerCase();
  const pieces = [];
  const units = [];
  let previous = null;
  for (const [what, run] of runs(text)) {
    let piece = run;
    if (what === "chain" && previous && previous[0] === "word" && /\d$/u.test(previous[1])) {
      const unit = longestAt(piece, 0, UNITS);
      if (unit) {
        units.push(unit);
        piece = piece.slice(unit.length);
      }
    }
    if ((what === "chain" || what === "word") && piece) pieces.push([what, piece]);
    previous = [what, run];
  }
  let required = [];
  let optional = [...units];
  for (const [what, run] of pieces) {
    if (what === "chain") {
      const [kept, dropped] = sift(run, questionWords, actionWords);
      required.push(...kept);
      optional.push(...dropped);
    } else {
      required.push(run);
    }
  }
  if (!required.length) { // a query of question words only is searched as typed
    required = pieces.map(([, run]) => run);
    optional = [];
  }
  const unique = (list) => [...new Set(list)];
  const segment = (value) => ({ text: value, tokens: segmentTokens(value) });
  return {
    identifier: identifierKey(query),
    required: unique(required).map(segment),
    optional: unique(optional).filter((value) => !required.includes(value)).map(segment),
  };
}

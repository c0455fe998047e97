/**
 * Hypothesis's JSON (https://h.readthedocs.io/en/latest/api-reference/): the rows of an API
 * search (`{ rows: [...] }`), the client's export file (`{ annotations: [...] }`) or a plain list.
 * Each row has `uri`, `document.title` (a list), `target[].selector[]` (TextQuote, TextPosition and
 * Range selectors), `text` (Markdown), `tags`, `user` (`acct:name@authority`) and `created`.
 */
import { asList, ForeignAnnotation, isObject, JsonObject, ReadInterchange, selectorsOf, stringOf } from './foreign';

/** Whether `json` looks like Hypothesis's rows rather than W3C JSON-LD. */
export function isHypothesisJson(json: unknown): boolean {
  const rows = hypothesisRows(json);
  return rows !== undefined && rows.length > 0 && rows.every((row) => isObject(row) && typeof row.uri === 'string');
}

function hypothesisRows(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (isObject(json)) return Array.isArray(json.rows) ? json.rows : Array.isArray(json.annotations) ? json.annotations : undefined;
  return undefined;
}

export function readHypothesis(json: unknown): ReadInterchange {
  const rows = hypothesisRows(json);
  if (rows === undefined) return { ok: false, reason: 'no Hypothesis annotations found (expected a list of rows, { rows } or { annotations })' };
  return { ok: true, format: 'hypothesis', annotations: rows.filter(isObject).map(readRow) };
}

function readRow(row: JsonObject): ForeignAnnotation {
  const foreign: ForeignAnnotation = { sourceId: stringOf(row.id), source: stringOf(row.uri), tags: [], actors: [], links: [] };
  const document = isObject(row.document) ? row.document : undefined;
  foreign.title = asList(document?.title).find((t): t is string => typeof t === 'string');
  // A reply or a page note has a target without selectors: it stays without a quote, and is reported.
  for (const target of asList(row.target)) {
    if (!isObject(target)) continue;
    foreign.source ??= stringOf(target.source);
    selectorsOf(target, foreign);
    if (foreign.exact !== undefined) break;
  }
  if (typeof row.text === 'string' && row.text.trim() !== '') foreign.note = row.text;
  foreign.tags = asList(row.tags).filter((t): t is string => typeof t === 'string');
  const info = isObject(row.user_info) ? row.user_info : undefined;
  const user = stringOf(row.user);
  foreign.author = stringOf(info?.display_name) ?? (user === undefined ? undefined : /^acct:([^@]+)@/.exec(user)?.[1] ?? user);
  foreign.created = stringOf(row.created);
  return foreign;
}

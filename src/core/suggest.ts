/**
 * Suggestions for what the index misses: proper-noun phrases no alias covers (candidate actors), and
 * near-misses of known aliases — hyphenation, spacing, case or a letter or two apart ("North Kore",
 * "Kim Jong-un") — that could be added as aliases.
 */
import type { CorpusIndex } from './corpus';

export interface CandidateActor {
  phrase: string;
  count: number;
  files: string[];
}

export interface AliasVariant {
  phrase: string;
  actorId: string;
  /** The known alias it is close to. */
  alias: string;
  /** Edits between the two after folding case, spaces and hyphens (0 = differs only in those). */
  distance: number;
  count: number;
  files: string[];
}

export interface Suggestions {
  candidates: CandidateActor[];
  variants: AliasVariant[];
}

export interface SuggestOptions {
  /** A candidate actor must occur at least this often. */
  minCount: number;
  /** At most this many candidates are returned, most frequent first. */
  limit: number;
}

const CALENDAR_WORDS = new Set([
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);
const CONNECTORS = new Set(['of', 'for', 'de', 'del', 'la', 'al', 'bin', 'von', 'van']);
/** Capitalised word, acronym with dots (U.S., U.N.) or all-caps acronym. */
const NAME_WORD = /(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}\p{N}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*/uy;

/** Collects candidate actors and alias variants over every article of the corpus. */
export function suggest(corpus: CorpusIndex, options: Partial<SuggestOptions> = {}): Suggestions {
  const minCount = options.minCount ?? 2;
  const limit = options.limit ?? 100;
  const aliasOwners: { alias: string; folded: string; actorId: string }[] = [];
  for (const actor of corpus.index.actors.values()) {
    for (const alias of actor.aliases) {
      aliasOwners.push({ alias, folded: foldName(alias), actorId: actor.id });
    }
  }

  const nearestAlias = new Map<string, NearAlias | undefined>();
  const variantFor = (phrase: string): NearAlias | undefined => {
    if (!nearestAlias.has(phrase)) {
      const near = closestAlias(foldName(phrase), aliasOwners);
      nearestAlias.set(phrase, near && !isDemonym(phrase, near.alias) ? near : undefined);
    }
    return nearestAlias.get(phrase);
  };
  const candidatePhrases = new Map<string, { count: number; files: Set<string> }>();
  const variantPhrases = new Map<string, { count: number; files: Set<string> }>();
  const tally = (phrases: Map<string, { count: number; files: Set<string> }>, phrase: string, path: string): void => {
    let entry = phrases.get(phrase);
    if (!entry) phrases.set(phrase, (entry = { count: 0, files: new Set() }));
    entry.count++;
    entry.files.add(path);
  };
  const lowercaseWords = new Set<string>();
  const seenMidSentence = new Set<string>();
  for (const path of corpus.articlePaths()) {
    const article = corpus.article(path)!;
    for (const match of article.text.matchAll(/\p{Ll}[\p{L}\p{M}]*/gu)) lowercaseWords.add(match[0]);
    const insideMention = (start: number, end: number): boolean => article.mentions.some((m) => m.start <= start && end <= m.end);
    for (const run of nameRuns(article.text)) {
      if (!article.mentions.some((m) => m.start < run.end && run.start < m.end)) {
        const phrase = run.words.map((w) => w.text).join(' ');
        tally(candidatePhrases, phrase, path);
        if (!isSentenceStart(article.text, run.start)) seenMidSentence.add(phrase);
      }
      // A misspelt name often sits inside a longer run ("Kim II Sung Square"), or half-matched by a
      // short alias. Longest first, so "Ada Ston" is offered and not also its "Ston".
      const taken = new Array<boolean>(run.words.length).fill(false);
      for (let size = Math.min(MAX_NAME_WORDS, run.words.length); size >= 1; size--) {
        for (let first = 0; first + size <= run.words.length; first++) {
          const last = first + size - 1;
          if (CONNECTORS.has(run.words[first].text) || CONNECTORS.has(run.words[last].text)) continue;
          if (taken.slice(first, last + 1).some(Boolean) || insideMention(run.words[first].start, run.words[last].end)) continue;
          const phrase = run.words.slice(first, last + 1).map((w) => w.text).join(' ');
          if (!variantFor(phrase)) continue;
          taken.fill(true, first, last + 1);
          tally(variantPhrases, phrase, path);
        }
      }
    }
  }

  const variants: AliasVariant[] = [];
  const candidates: CandidateActor[] = [];
  const variantOf = new Set<string>();
  for (const [phrase, { count, files }] of variantPhrases) {
    const near = variantFor(phrase)!;
    variantOf.add(phrase);
    variants.push({ phrase, actorId: near.actorId, alias: near.alias, distance: near.distance, count, files: [...files].sort() });
  }
  for (const [phrase, { count, files }] of candidatePhrases) {
    if (variantOf.has(phrase)) continue;
    // A lone capitalised word that is also written in lower case, or never seen but at the start
    // of a sentence ("Moreover"), is most likely not a name.
    if (!phrase.includes(' ') && (lowercaseWords.has(phrase.toLowerCase()) || !seenMidSentence.has(phrase) || CALENDAR_WORDS.has(phrase))) continue;
    if (count >= minCount) candidates.push({ phrase, count, files: [...files].sort() });
  }
  candidates.sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase));
  variants.sort((a, b) => a.distance - b.distance || b.count - a.count || a.phrase.localeCompare(b.phrase));
  return { candidates: candidates.slice(0, limit), variants };
}

/** Names longer than this many words are not looked for inside a run. */
const MAX_NAME_WORDS = 5;

interface NameWord {
  text: string;
  start: number;
  end: number;
}

interface NameRun {
  start: number;
  end: number;
  words: NameWord[];
}

/** Runs of capitalised words (with "of", "de"… between them) — the shape of most names. */
export function nameRuns(text: string): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < text.length) {
    NAME_WORD.lastIndex = i;
    const first = isWordBoundary(text, i) ? NAME_WORD.exec(text) : null;
    if (!first) {
      i++;
      continue;
    }
    const words: NameWord[] = [nameWord(first[0], i)];
    let end = i + first[0].length;
    for (;;) {
      const gap = /^ (?:(\p{Ll}+) )?/u.exec(text.slice(end, end + 8));
      if (!gap || (gap[1] !== undefined && !CONNECTORS.has(gap[1]))) break;
      NAME_WORD.lastIndex = end + gap[0].length;
      const next = NAME_WORD.exec(text);
      if (!next) break;
      if (gap[1] !== undefined) words.push({ text: gap[1], start: end + 1, end: end + 1 + gap[1].length });
      words.push(nameWord(next[0], next.index));
      end = NAME_WORD.lastIndex;
    }
    runs.push({ start: i, end: words[words.length - 1].end, words });
    i = end;
  }
  return runs;
}

function isSentenceStart(text: string, offset: number): boolean {
  return /(?:^|[.!?:;"“(\n])[\s"“]*$/u.test(text.slice(Math.max(0, offset - 4), offset));
}

function isWordBoundary(text: string, offset: number): boolean {
  return offset === 0 || !/[\p{L}\p{N}\p{M}]/u.test(text[offset - 1]);
}

/** A word of a name, without a possessive ending ("Putin’s" → "Putin"). */
function nameWord(text: string, start: number): NameWord {
  const bare = text.replace(/['’]s$/u, '');
  return { text: bare, start, end: start + bare.length };
}

/** Case, accents, spaces, hyphens, dots and apostrophes do not make a name different. */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\-‐‑–.’']+/gu, '');
}

/** "Russian" is not a misspelt "Russia", nor "North Korean" of "North Korea". */
function isDemonym(phrase: string, alias: string): boolean {
  return phrase.startsWith(alias) && /^(?:n|an|ian|ese|ish|i|ic)$/.test(phrase.slice(alias.length));
}

interface NearAlias {
  alias: string;
  actorId: string;
  distance: number;
}

function closestAlias(folded: string, aliases: { alias: string; folded: string; actorId: string }[]): NearAlias | undefined {
  let best: NearAlias | undefined;
  for (const candidate of aliases) {
    // Short names have too many neighbours ("Kim" is one letter from "Kin"), and two edits turn
    // "North Korea" into "South Korea": a second edit is allowed only in long names.
    const budget = candidate.folded.length >= 16 ? 2 : candidate.folded.length >= 5 ? 1 : 0;
    if (Math.abs(candidate.folded.length - folded.length) > budget) continue;
    const distance = boundedLevenshtein(folded, candidate.folded, budget);
    if (distance !== undefined && (!best || distance < best.distance)) best = { alias: candidate.alias, actorId: candidate.actorId, distance };
  }
  return best;
}

/** Levenshtein distance when it is at most `bound`, else undefined. */
export function boundedLevenshtein(a: string, b: string, bound: number): number | undefined {
  if (Math.abs(a.length - b.length) > bound) return undefined;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > bound) return undefined;
    previous = current;
  }
  const distance = previous[b.length];
  return distance <= bound ? distance : undefined;
}

/**
 * Suggestions for what the index misses: candidate actors — named entities that compromise's
 * recogniser finds (people, places, organisations), and runs of capitalised words it does not —
 * and near-misses of known aliases: transliteration, hyphenation, spacing, case or a letter or two
 * apart ("North Kore", "Kim Jong-un"), offered as new aliases. Phrases the sidecar lists under
 * `ignoreSuggestions` are never offered.
 */
import type Recogniser from 'compromise';
import type { CorpusIndex } from './corpus';
import { ActorKind, OffsetRange } from './model';

export interface CandidateActor {
  phrase: string;
  /** What the recogniser took it for; absent for a capitalised run it did not recognise. */
  kind?: ActorKind;
  count: number;
  files: string[];
}

export interface AliasVariant {
  phrase: string;
  actorId: string;
  /** The known alias it is close to. */
  alias: string;
  /** Edits between the two after folding case, accents, spaces and hyphens (0 = differs only in those). */
  distance: number;
  count: number;
  files: string[];
}

/** One place an alias variant occurs: what the editor underlines. */
export interface VariantOccurrence {
  phrase: string;
  actorId: string;
  alias: string;
  start: number;
  end: number;
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

interface Tally {
  count: number;
  files: Set<string>;
  kinds: Map<ActorKind, number>;
}

/**
 * Gathers suggestions one article at a time, so an editor can spread the work and stop it; the
 * CLI's `suggest` feeds it every article at once.
 */
export class SuggestionCollector {
  private readonly aliasOwners: { alias: string; folded: string; actorId: string }[] = [];
  private readonly nearestAlias = new Map<string, NearAlias | undefined>();
  private readonly ignored: Set<string>;
  private readonly candidatePhrases = new Map<string, Tally>();
  private readonly variantPhrases = new Map<string, Tally>();
  private readonly lowercaseWords = new Set<string>();
  private readonly seenMidSentence = new Set<string>();

  constructor(private readonly corpus: CorpusIndex) {
    for (const actor of corpus.index.actors.values()) {
      for (const alias of actor.aliases) this.aliasOwners.push({ alias, folded: foldName(alias), actorId: actor.id });
    }
    this.ignored = new Set(corpus.index.ignoredSuggestions);
  }

  /** The known alias a phrase is a near-miss of, if any. */
  variantFor(phrase: string): NearAlias | undefined {
    if (!this.nearestAlias.has(phrase)) {
      const near = this.ignored.has(phrase) ? undefined : closestAlias(foldName(phrase), this.aliasOwners);
      this.nearestAlias.set(phrase, near && !isDemonym(phrase, near.alias) ? near : undefined);
    }
    return this.nearestAlias.get(phrase);
  }

  /** Reads one article of the corpus. */
  addArticle(path: string): void {
    const article = this.corpus.article(path);
    if (!article) return;
    for (const match of article.text.matchAll(/\p{Ll}[\p{L}\p{M}]*/gu)) this.lowercaseWords.add(match[0]);
    const overlapsMention = (start: number, end: number): boolean => article.mentions.some((m) => m.start < end && start < m.end);
    const recognised = recognise(article.text);
    const entities = recognised.entities.filter((e) => !overlapsMention(e.start, e.end));
    // "North Korean", "Soviet": a run that ends on a demonym or an adjective describes, it does not name.
    const descriptive = (end: number): boolean => recognised.descriptive.some((d) => d.start < end && end <= d.end);
    for (const entity of entities) {
      if (this.variantFor(entity.text)) continue;
      this.tally(this.candidatePhrases, entity.text, path, entity.kind);
      if (!isSentenceStart(article.text, entity.start)) this.seenMidSentence.add(entity.text);
    }
    for (const run of nameRuns(article.text)) {
      if (!overlapsMention(run.start, run.end) && !descriptive(run.end) && !entities.some((e) => e.start < run.end && run.start < e.end)) {
        const phrase = run.words.map((w) => w.text).join(' ');
        this.tally(this.candidatePhrases, phrase, path);
        if (!isSentenceStart(article.text, run.start)) this.seenMidSentence.add(phrase);
      }
    }
    for (const occurrence of this.variantsIn(path)) this.tally(this.variantPhrases, occurrence.phrase, path);
  }

  /** Where near-misses of known aliases occur in one article. */
  variantsIn(path: string): VariantOccurrence[] {
    const article = this.corpus.article(path);
    if (!article) return [];
    const insideMention = (start: number, end: number): boolean => article.mentions.some((m) => m.start <= start && end <= m.end);
    const found: VariantOccurrence[] = [];
    for (const run of nameRuns(article.text)) {
      // A misspelt name often sits inside a longer run ("Kim II Sung Square"), or half-matched by a
      // short alias. Longest first, so "Ada Ston" is offered and not also its "Ston".
      const taken = new Array<boolean>(run.words.length).fill(false);
      for (let size = Math.min(MAX_NAME_WORDS, run.words.length); size >= 1; size--) {
        for (let first = 0; first + size <= run.words.length; first++) {
          const last = first + size - 1;
          if (CONNECTORS.has(run.words[first].text) || CONNECTORS.has(run.words[last].text)) continue;
          const start = run.words[first].start;
          const end = run.words[last].end;
          if (taken.slice(first, last + 1).some(Boolean) || insideMention(start, end)) continue;
          const phrase = run.words.slice(first, last + 1).map((w) => w.text).join(' ');
          const near = this.variantFor(phrase);
          if (!near) continue;
          taken.fill(true, first, last + 1);
          found.push({ phrase, actorId: near.actorId, alias: near.alias, start, end });
        }
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  private tally(phrases: Map<string, Tally>, phrase: string, path: string, kind?: ActorKind): void {
    let entry = phrases.get(phrase);
    if (!entry) phrases.set(phrase, (entry = { count: 0, files: new Set(), kinds: new Map() }));
    entry.count++;
    entry.files.add(path);
    if (kind) entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1);
  }

  /** What was found so far, most frequent first. */
  result(options: Partial<SuggestOptions> = {}): Suggestions {
    const minCount = options.minCount ?? 2;
    const limit = options.limit ?? 100;
    const variants: AliasVariant[] = [];
    for (const [phrase, { count, files }] of this.variantPhrases) {
      const near = this.variantFor(phrase)!;
      variants.push({ phrase, actorId: near.actorId, alias: near.alias, distance: near.distance, count, files: [...files].sort() });
    }
    const candidates: CandidateActor[] = [];
    for (const [phrase, { count, files, kinds }] of this.candidatePhrases) {
      if (this.ignored.has(phrase) || this.variantPhrases.has(phrase) || count < minCount) continue;
      // A lone capitalised word that is also written in lower case, or never seen but at the start
      // of a sentence ("Moreover"), is most likely not a name.
      if (!phrase.includes(' ') && (this.lowercaseWords.has(phrase.toLowerCase()) || !this.seenMidSentence.has(phrase) || CALENDAR_WORDS.has(phrase))) continue;
      const kind = [...kinds].sort((a, b) => b[1] - a[1])[0]?.[0];
      candidates.push({ phrase, kind, count, files: [...files].sort() });
    }
    candidates.sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase));
    variants.sort((a, b) => a.distance - b.distance || b.count - a.count || a.phrase.localeCompare(b.phrase));
    return { candidates: candidates.slice(0, limit), variants };
  }
}

/** Collects candidate actors and alias variants over every article of the corpus; `onArticle` hears of each one read. */
export function suggest(corpus: CorpusIndex, options: Partial<SuggestOptions> = {}, onArticle?: (done: number, total: number) => void): Suggestions {
  const collector = new SuggestionCollector(corpus);
  const paths = corpus.articlePaths();
  paths.forEach((path, i) => {
    collector.addArticle(path);
    onArticle?.(i + 1, paths.length);
  });
  return collector.result(options);
}

/** A named entity the recogniser found, trimmed of punctuation and possessive endings. */
export interface NamedEntity {
  text: string;
  kind: ActorKind;
  start: number;
  end: number;
}

interface CompromiseMatch {
  text: string;
  offset: { start: number; length: number };
}

let recogniser: typeof Recogniser | undefined;

/** compromise builds its lexicon as it loads (about 150 ms): load it on first use, never at activation. */
function nlp(text: string): ReturnType<typeof Recogniser> {
  if (!recogniser) {
    // Its CommonJS build is the function itself; bundled as ES module it is the default export.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('compromise') as typeof Recogniser | { default: typeof Recogniser };
    recogniser = typeof loaded === 'function' ? loaded : loaded.default;
  }
  return recogniser(text);
}

/** What the recogniser makes of a text. */
export interface Recognised {
  /** People, places (countries as states) and organisations. */
  entities: NamedEntity[];
  /** Where demonyms and adjectives are ("Russian", "Soviet"): capitalised, but not names. */
  descriptive: OffsetRange[];
}

/** Runs compromise's recogniser over a text. */
export function recognise(text: string): Recognised {
  // Possessives split a name in two for the recogniser ("Sarah Collins’s" → Sarah, Collins): blank
  // them out, keeping every offset.
  const doc = nlp(text.replace(/(?<=\p{L})['’]s\b/gu, '  '));
  const matches = (view: { json(options: object): unknown }): CompromiseMatch[] => view.json({ offset: true, terms: false }) as CompromiseMatch[];
  const countries = new Set(matches(doc.match('#Country+')).map((m) => m.offset.start));
  const entities: NamedEntity[] = [];
  const add = (list: CompromiseMatch[], kind: (match: CompromiseMatch) => ActorKind): void => {
    for (const match of list) {
      const entity = trimEntity(text, match.offset.start, match.offset.start + match.offset.length);
      if (entity) entities.push({ ...entity, kind: kind(match) });
    }
  };
  add(matches(doc.people()), () => 'person');
  add(matches(doc.places()), (m) => (countries.has(m.offset.start) ? 'state' : 'place'));
  add(matches(doc.organizations()), () => 'organization');
  const descriptive = matches(doc.match('(#Demonym|#Adjective)')).map((m) => ({ start: m.offset.start, end: m.offset.start + m.offset.length }));
  return { entities: entities.sort((a, b) => a.start - b.start), descriptive };
}

/** People, places (countries as states) and organisations, by compromise's recogniser. */
export function namedEntities(text: string): NamedEntity[] {
  return recognise(text).entities;
}

function trimEntity(text: string, start: number, end: number): { text: string; start: number; end: number } | undefined {
  // The recogniser can stop inside a hyphenated word ("Kim Jong-" of "Kim Jong-un"): finish the word.
  const rest = /^(?:[-‐'’]?[\p{L}\p{M}\p{N}])+/u.exec(text.slice(end, end + 40));
  if (rest && /[\p{L}\p{M}\p{N}\-‐]$/u.test(text.slice(start, end))) end += rest[0].length;
  let slice = text.slice(start, end);
  const leading = /^[\s"“‘'(]+/u.exec(slice)?.[0].length ?? 0;
  slice = slice.slice(leading);
  // An acronym keeps its last dot ("U.N."); other trailing punctuation and a possessive go.
  const acronym = /(?:\p{Lu}\.){2,}$/u.exec(slice.replace(/[\s,;:!?"”’')\]]+$/u, ''));
  slice = acronym ? slice.slice(0, acronym.index + acronym[0].length) : slice.replace(/(?:['’]s)?[\s.,;:!?"”’')\]-]*$/u, '');
  if (!/\p{Lu}/u.test(slice)) return undefined;
  return { text: slice, start: start + leading, end: start + leading + slice.length };
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

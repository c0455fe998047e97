/**
 * Suggestions for what the index misses: candidate actors — runs of capitalised words that can
 * stand as a name, with the kind compromise's recogniser takes them for — and near-misses of known
 * aliases: transliteration, hyphenation, spacing, case or a letter or two apart ("North Kore",
 * "Kim Jong-un"), offered as new aliases.
 *
 * Precision comes first: a wrong suggestion costs the analyst more than a missed one. So a
 * candidate is never an adjective or a demonym ("Western", "Velsanian"), a sentence-opening word
 * ("On Friday", "Several"), a title ("Foreign Minister Ilse Marrow" offers "Ilse Marrow"), a fragment
 * of a longer name ("Chinese Foreign" of "Chinese Foreign Ministry", "Pier No" of "Pier No. 7"), and
 * an alias variant is always a whole name as written, never a part of a longer, different one
 * ("Security Council" of "National Security Council"). Phrases the sidecar lists under
 * `ignoreSuggestions`, and phrases an actor `exclude`s, are never offered, nor is anything inside them.
 */
import type { CorpusIndex } from './corpus';
import { MentionMatcher } from './mentions';
import { Actor, ActorKind, OffsetRange } from './model';
import { foldName, isAllCaps, isDemonymOf, isNeverAName, nameRuns, NameSegment, nameSegments, WordTags } from './names';
import { recognise } from './recognise';

export { foldName, nameRuns } from './names';
export { namedEntities, recognise } from './recognise';
export type { NamedEntity, Recognised } from './recognise';

export interface CandidateActor {
  phrase: string;
  /** What the recogniser took it for; absent for a capitalised run it did not recognise. */
  kind?: ActorKind;
  count: number;
  files: string[];
  /**
   * Sure enough to add without asking: it occurs at least twice, not only in capitals (a dateline or
   * a headline), and a lone word the recogniser did not recognise occurs in two articles or three
   * times. `marginalia init` writes these into a starter sidecar.
   */
  confident: boolean;
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
  /** Differs from the alias only in case, accents, spaces or hyphens, or occurs at least twice. */
  confident: boolean;
}

/** One place an alias variant occurs: what the editor underlines. */
export interface VariantOccurrence {
  phrase: string;
  actorId: string;
  alias: string;
  start: number;
  end: number;
}

/** One place a candidate actor occurs, before the corpus-wide checks of {@link SuggestionCollector.result}. */
export interface CandidateOccurrence {
  phrase: string;
  kind?: ActorKind;
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

interface Tally {
  count: number;
  files: Set<string>;
  kinds: Map<ActorKind, number>;
  /** Occurrences not at the start of a sentence or a line. */
  midSentence: number;
  /** Occurrences of a lone word right before a noun ("Soviet era", "Western countries"). */
  attributive: number;
  /** Occurrences the recogniser tagged as a demonym or an adjective. */
  descriptive: number;
}

/** The id under which `exclude` phrases are matched, to find where they are. */
const EXCLUDED = '\u0000exclude';

/**
 * Gathers suggestions one article at a time, so an editor can spread the work and stop it; the
 * CLI's `suggest` feeds it every article at once.
 */
export class SuggestionCollector {
  private readonly aliasOwners: { alias: string; folded: string; actorId: string }[] = [];
  private readonly nearestAlias = new Map<string, NearAlias | undefined>();
  /** Folded: what is ignored or excluded is so in any case or spacing. */
  private readonly neverOffered = new Set<string>();
  private readonly exclusions: MentionMatcher | undefined;
  private readonly candidatePhrases = new Map<string, Tally>();
  private readonly variantPhrases = new Map<string, Tally>();
  private readonly lowercaseWords = new Set<string>();

  constructor(private readonly corpus: CorpusIndex) {
    const actors = [...corpus.index.actors.values()];
    for (const actor of actors) {
      for (const alias of actor.aliases) this.aliasOwners.push({ alias, folded: foldName(alias), actorId: actor.id });
      for (const phrase of actor.exclude) this.neverOffered.add(foldName(phrase));
    }
    for (const phrase of corpus.index.ignoredSuggestions) this.neverOffered.add(foldName(phrase));
    // The index does not keep where exclusions matched; matching them again beside the aliases
    // (which win over them, as in the index) says where they are.
    if (actors.some((a) => a.exclude.length > 0)) {
      const marked: Actor[] = actors.map((a) => ({ ...a, exclude: [] }));
      for (const actor of actors) if (actor.exclude.length > 0) marked.push({ ...actor, id: EXCLUDED, aliases: actor.exclude, exclude: [] });
      this.exclusions = new MentionMatcher(marked);
    }
  }

  /** The known alias a phrase is a near-miss of, if any. */
  variantFor(phrase: string): NearAlias | undefined {
    if (!this.nearestAlias.has(phrase)) {
      const near = this.isNeverOffered(phrase) ? undefined : closestAlias(foldName(phrase), this.aliasOwners);
      // The alias itself, unmatched, stands inside an exclusion or a longer alias: not a variant.
      this.nearestAlias.set(phrase, near && near.alias !== phrase && !isDemonym(phrase, near.alias) ? near : undefined);
    }
    return this.nearestAlias.get(phrase);
  }

  /** An ignored phrase or an actor's exclusion, in any case or spacing. */
  isNeverOffered(phrase: string): boolean {
    return this.neverOffered.has(foldName(phrase));
  }

  /** Reads one article of the corpus; returns where its candidates (before the corpus-wide checks) and variants are. */
  addArticle(path: string): { candidates: CandidateOccurrence[]; variants: VariantOccurrence[] } {
    const article = this.corpus.article(path);
    if (!article) return { candidates: [], variants: [] };
    const text = article.text;
    this.learnLowercase(text);
    const recognised = recognise(text);
    const tags: WordTags = (start) => recognised.tags.get(start);
    const candidates: CandidateOccurrence[] = [];
    const variants: VariantOccurrence[] = [];
    for (const segment of this.segmentsOf(path, tags)) {
      const near = this.variantFor(segment.phrase);
      if (near) {
        variants.push({ phrase: segment.phrase, actorId: near.actorId, alias: near.alias, start: segment.start, end: segment.end });
        this.tally(this.variantPhrases, segment.phrase, path, segment);
        continue;
      }
      const last = segment.words[segment.words.length - 1];
      const lastTags = tags(last.start);
      // "North Korean", "Soviet": a name that ends on a demonym or an adjective describes, it does not name.
      const descriptive = lastTags?.has('Demonym') || lastTags?.has('Adjective') ? 1 : 0;
      if (segment.words.length > 1 && descriptive) continue;
      // The recogniser's entity ends where the name does, and may start before it, on the title
      // the name was cut from ("Minister Ilse Marrow"); an entity that ends inside the name is a
      // part of it ("Kim II" of "Kim II Sung Square") and says nothing of the whole.
      const entity = recognised.entities.find((e) => e.end === segment.end && e.start <= segment.start && e.start >= segment.start - 40);
      const kind = entity?.kind ?? (segment.titled ? 'person' : undefined);
      candidates.push({ phrase: segment.phrase, kind, start: segment.start, end: segment.end });
      const tally = this.tally(this.candidatePhrases, segment.phrase, path, segment, kind);
      tally.descriptive += descriptive;
      if (segment.words.length === 1 && !segment.sentenceStart && isAttributive(text, segment.end, tags)) tally.attributive++;
    }
    return { candidates, variants };
  }

  /** Where near-misses of known aliases occur in one article (no recogniser: cheap enough for every keystroke's pause). */
  variantsIn(path: string): VariantOccurrence[] {
    const article = this.corpus.article(path);
    if (!article) return [];
    this.learnLowercase(article.text);
    const found: VariantOccurrence[] = [];
    for (const segment of this.segmentsOf(path, () => undefined)) {
      const near = this.variantFor(segment.phrase);
      if (near) found.push({ phrase: segment.phrase, actorId: near.actorId, alias: near.alias, start: segment.start, end: segment.end });
    }
    return found;
  }

  /** The name segments of an article that are not already mentions, exclusions or ignored phrases. */
  private segmentsOf(path: string, tags: WordTags): NameSegment[] {
    const article = this.corpus.article(path)!;
    const taken: OffsetRange[] = [...article.mentions];
    if (this.exclusions) taken.push(...this.exclusions.findMentions(article.text).filter((m) => m.actorId === EXCLUDED));
    const overlapsTaken = (start: number, end: number): boolean => taken.some((m) => m.start < end && start < m.end);
    const isCommon = (lower: string): boolean => this.lowercaseWords.has(lower);
    const segments: NameSegment[] = [];
    for (const run of nameRuns(article.text)) {
      // A run that holds a mention is a longer name around a known one ("Halden Institute Policy
      // Brief"), or the known name with a title: none of its parts is a new name.
      if (overlapsTaken(run.start, run.end)) {
        for (const segment of nameSegments(article.text, run, isCommon, tags)) {
          // …except a titled name cut off at its connector: "Ilse Marow" of "Minister Ilse Marow of Aldmark".
          if (segment.titled && !overlapsTaken(segment.start, segment.end) && !this.isNeverOffered(segment.phrase)) segments.push(segment);
        }
        continue;
      }
      for (const segment of nameSegments(article.text, run, isCommon, tags)) {
        if (!this.isNeverOffered(segment.phrase)) segments.push(segment);
      }
    }
    return segments;
  }

  private learnLowercase(text: string): void {
    for (const match of text.matchAll(/(?<![\p{L}\p{M}\p{N}])\p{Ll}[\p{L}\p{M}]*/gu)) this.lowercaseWords.add(match[0]);
  }

  private tally(phrases: Map<string, Tally>, phrase: string, path: string, segment: NameSegment, kind?: ActorKind): Tally {
    let entry = phrases.get(phrase);
    if (!entry) phrases.set(phrase, (entry = { count: 0, files: new Set(), kinds: new Map(), midSentence: 0, attributive: 0, descriptive: 0 }));
    entry.count++;
    entry.files.add(path);
    if (!segment.sentenceStart) entry.midSentence++;
    if (kind) entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1);
    return entry;
  }

  /** What was found so far, most frequent first. */
  result(options: Partial<SuggestOptions> = {}): Suggestions {
    const minCount = options.minCount ?? 2;
    const limit = options.limit ?? 100;
    const variants: AliasVariant[] = [];
    const variantFolds = new Set<string>();
    for (const [phrase, { count, files }] of this.variantPhrases) {
      const near = this.variantFor(phrase)!;
      variantFolds.add(foldName(phrase));
      variants.push({ phrase, actorId: near.actorId, alias: near.alias, distance: near.distance, count, files: [...files].sort(), confident: near.distance === 0 || count >= 2 });
    }
    // "PORT HALLOWAY" in a dateline and "Port Halloway" in the text are one name.
    const groups = new Map<string, [string, Tally][]>();
    for (const entry of this.candidatePhrases) {
      const key = foldName(entry[0]);
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    const knownNames = new Set([...groups.keys(), ...this.aliasOwners.map((a) => a.folded)]);
    // Words of known names too: "Korean" is the demonym of "Korea" of "North Korea".
    const knownWords = new Set(knownNames);
    for (const name of [...this.candidatePhrases.keys(), ...this.aliasOwners.map((a) => a.alias)]) name.split(/\s+/).forEach((word) => knownWords.add(foldName(word)));
    const candidates: CandidateActor[] = [];
    for (const [key, forms] of groups) {
      const tally = mergeTallies(forms.map(([, t]) => t));
      // Shown as most often written, mixed case before capitals.
      const phrase = forms.sort((a, b) => Number(isAllCaps(a[0])) - Number(isAllCaps(b[0])) || b[1].count - a[1].count || a[0].localeCompare(b[0]))[0][0];
      if (tally.count < minCount || variantFolds.has(key) || forms.some(([form]) => this.isNeverOffered(form))) continue;
      if (!phrase.includes(' ') && !this.mayBeNamedByOneWord(phrase, tally, knownWords)) continue;
      if (phrase.includes(' ') && isDemonymOf(phrase.slice(phrase.lastIndexOf(' ') + 1), knownWords)) continue;
      if (isCompoundOfNames(phrase, knownNames)) continue;
      const kind = [...tally.kinds].sort((a, b) => b[1] - a[1])[0]?.[0];
      const confident = tally.count >= 2 && !(phrase.includes(' ') && isAllCaps(phrase)) && (phrase.includes(' ') || kind !== undefined || tally.files.size >= 2 || tally.count >= 3);
      candidates.push({ phrase, kind, count: tally.count, files: [...tally.files].sort(), confident });
    }
    candidates.sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase));
    dropMisspellings(candidates);
    variants.sort((a, b) => a.distance - b.distance || b.count - a.count || a.phrase.localeCompare(b.phrase));
    return { candidates: candidates.slice(0, limit), variants };
  }

  /**
   * A lone capitalised word is a name unless it is also written in lower case, is never seen
   * inside a sentence ("Moreover", "Summary"), is a date word, a function word or a title, is a
   * demonym or an adjective ("Soviet", "Velsanian"), or stands before a noun in at least half of
   * its uses ("Western countries").
   */
  private mayBeNamedByOneWord(word: string, tally: Tally, knownNames: ReadonlySet<string>): boolean {
    if (this.lowercaseWords.has(word.toLowerCase()) || tally.midSentence === 0 || isNeverAName(word)) return false;
    if (tally.descriptive > 0 || isDemonymOf(word, knownNames)) return false;
    return tally.attributive * 2 < tally.midSentence;
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

/** How many of the most frequent candidates a rarer one is compared with, to find it misspelt. */
const MISSPELLING_PEERS = 500;

/**
 * "North Kore" beside a more frequent "North Korea" is a misspelling of it, not another name: drop
 * it (once "North Korea" is an actor, it comes back as an alias variant). `candidates` is sorted
 * most frequent first.
 */
function dropMisspellings(candidates: CandidateActor[]): void {
  const peers: string[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const folded = foldName(candidates[i].phrase);
    if (peers.some((peer) => closestAlias(folded, [{ alias: peer, folded: peer, actorId: '' }]) !== undefined)) {
      candidates.splice(i--, 1);
      continue;
    }
    if (peers.length < MISSPELLING_PEERS) peers.push(folded);
  }
}

function mergeTallies(tallies: Tally[]): Tally {
  const merged: Tally = { count: 0, files: new Set(), kinds: new Map(), midSentence: 0, attributive: 0, descriptive: 0 };
  for (const t of tallies) {
    merged.count += t.count;
    merged.midSentence += t.midSentence;
    merged.attributive += t.attributive;
    merged.descriptive += t.descriptive;
    t.files.forEach((f) => merged.files.add(f));
    for (const [kind, n] of t.kinds) merged.kinds.set(kind, (merged.kinds.get(kind) ?? 0) + n);
  }
  return merged;
}

/** A word right before a lower-case noun is used as an adjective ("Soviet era", "Aldmark crowns"). */
function isAttributive(text: string, end: number, tags: WordTags): boolean {
  const next = /^ (\p{Ll}[\p{L}\p{M}]*)/u.exec(text.slice(end, end + 40));
  if (!next) return false;
  const nextTags = tags(end + 1);
  return nextTags !== undefined && nextTags.has('Noun') && !nextTags.has('Verb') && !nextTags.has('Pronoun');
}

/** "Russia-North Korea", "Putin-Kim", "North Korea of Putin": names joined, each of them known on its own. */
function isCompoundOfNames(phrase: string, knownNames: ReadonlySet<string>): boolean {
  const parts = phrase.split(/[-‐]| (?:of|for|de|del|la|al|von|van) /u);
  return parts.length > 1 && parts.every((part) => /^\p{Lu}/u.test(part) && knownNames.has(foldName(part)));
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

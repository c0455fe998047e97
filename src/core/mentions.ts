/**
 * Actor mentions, computed from aliases over whole words: a trie of all aliases (and `exclude`
 * phrases) is walked from each place a word may start, and the longest phrase found there wins —
 * leftmost-longest across every actor in one pass, not one regex per alias.
 */
import { Actor } from './model';

/** One mention of an actor in one text. */
export interface ActorMention {
  actorId: string;
  start: number;
  end: number;
}

interface PhraseEntry {
  /** The phrase as written, for case-sensitive checks. */
  phrase: string;
  /** Undefined for an `exclude` phrase: it consumes its span and counts as nothing. */
  actorId: string | undefined;
  matchCase: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  /** Phrases ending here, aliases before exclusions, in sidecar order. */
  entries: PhraseEntry[] | undefined;
}

const WORD = 1;
let characterTables: { fold: Uint16Array; flags: Uint8Array } | undefined;

/**
 * Per UTF-16 unit: its case fold (kept to one unit so offsets never shift, apostrophes and spaces
 * unified) and whether it is part of a word (letter, digit or mark).
 */
function tables(): { fold: Uint16Array; flags: Uint8Array } {
  if (characterTables) return characterTables;
  const fold = new Uint16Array(65536);
  const flags = new Uint8Array(65536);
  const wordPattern = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    const lower = c >= 0xd800 && c <= 0xdfff ? ch : ch.toLowerCase();
    fold[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
    if (c < 0xd800 || c > 0xdfff) {
      if (wordPattern.test(ch)) flags[c] = WORD;
    }
  }
  for (const apostrophe of [0x2019, 0x2018, 0x02bc]) fold[apostrophe] = 0x27;
  for (const space of [0x09, 0x0a, 0x0d, 0xa0, 0x2007, 0x202f]) fold[space] = 0x20;
  characterTables = { fold, flags };
  return characterTables;
}

/** True when the code point at `offset` (surrogate pairs included) is a letter, digit or mark. */
function isWordAt(text: string, offset: number, flags: Uint8Array): boolean {
  if (offset < 0 || offset >= text.length) return false;
  const c = text.charCodeAt(offset);
  if (c < 0xd800 || c > 0xdfff) return flags[c] === WORD;
  const cp = text.codePointAt(c >= 0xdc00 ? offset - 1 : offset) ?? c;
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(cp));
}

/** Matches every actor's aliases in a text. Build once per index, use for every file. */
export class MentionMatcher {
  private readonly root: TrieNode = { next: new Map(), entries: undefined };
  /** For each first unit of a phrase: 1 when some phrase starts with it. */
  private readonly startsPhrase = new Uint8Array(65536);
  /** First units of phrases that begin with a non-word character, which may start mid-text. */
  private readonly startsAnywhere = new Uint8Array(65536);
  private readonly tables = tables();
  readonly phraseCount: number;

  constructor(actors: Iterable<Actor>) {
    const aliasEntries: PhraseEntry[] = [];
    const excludeEntries: PhraseEntry[] = [];
    for (const actor of actors) {
      for (const alias of actor.aliases) aliasEntries.push({ phrase: alias, actorId: actor.id, matchCase: actor.matchCase });
      for (const phrase of actor.exclude) excludeEntries.push({ phrase, actorId: undefined, matchCase: actor.matchCase });
    }
    let count = 0;
    for (const entry of [...aliasEntries, ...excludeEntries]) if (this.insert(entry)) count++;
    this.phraseCount = count;
  }

  private insert(entry: PhraseEntry): boolean {
    const { fold, flags } = this.tables;
    const phrase = entry.phrase.trim();
    if (phrase.length === 0) return false;
    entry.phrase = phrase;
    let node = this.root;
    for (let i = 0; i < phrase.length; i++) {
      const c = fold[phrase.charCodeAt(i)];
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) {
        child = { next: undefined, entries: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    (node.entries ??= []).push(entry);
    const first = fold[phrase.charCodeAt(0)];
    this.startsPhrase[first] = 1;
    if (flags[phrase.charCodeAt(0)] !== WORD) this.startsAnywhere[first] = 1;
    return true;
  }

  /** Every mention in `text`, in order, never overlapping. */
  findMentions(text: string): ActorMention[] {
    const { fold, flags } = this.tables;
    const mentions: ActorMention[] = [];
    const startsPhrase = this.startsPhrase;
    const length = text.length;
    let previousIsWord = false;
    for (let i = 0; i < length; i++) {
      const raw = text.charCodeAt(i);
      const c = fold[raw];
      const rawIsWord = raw < 0xd800 || raw > 0xdfff ? flags[raw] === WORD : isWordAt(text, i, flags);
      if (startsPhrase[c] === 1 && (!previousIsWord || this.startsAnywhere[c] === 1)) {
        const end = this.longestAt(text, i);
        if (end !== undefined) {
          if (end.entry.actorId !== undefined) mentions.push({ actorId: end.entry.actorId, start: i, end: end.end });
          i = end.end - 1;
          previousIsWord = isWordAt(text, i, flags);
          continue;
        }
      }
      previousIsWord = rawIsWord;
    }
    return mentions;
  }

  /** The longest phrase that starts at `start` and ends on a word boundary. */
  private longestAt(text: string, start: number): { end: number; entry: PhraseEntry } | undefined {
    const { fold, flags } = this.tables;
    let node: TrieNode | undefined = this.root;
    let found: { end: number; entry: PhraseEntry } | undefined;
    for (let i = start; i < text.length && node?.next; i++) {
      node = node.next.get(fold[text.charCodeAt(i)]);
      if (!node) break;
      if (node.entries === undefined) continue;
      const end = i + 1;
      // A phrase ending in a word character must not run on into the next word ("Russia" ≠ "Russian").
      if (isWordAt(text, i, flags) && isWordAt(text, end, flags)) continue;
      const entry = node.entries.find((e) => !e.matchCase || sameText(text, start, e.phrase));
      if (entry) found = { end, entry };
    }
    return found;
  }
}

/** Compares case-sensitively, with curly and straight apostrophes alike and every space alike. */
function sameText(text: string, start: number, phrase: string): boolean {
  const { fold } = tables();
  const unify = (c: number): number => (fold[c] === 0x27 || fold[c] === 0x20 ? fold[c] : c);
  for (let i = 0; i < phrase.length; i++) {
    if (unify(text.charCodeAt(start + i)) !== unify(phrase.charCodeAt(i))) return false;
  }
  return true;
}

/** Counts mentions per actor id. */
export function countMentions(mentions: readonly ActorMention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.actorId, (counts.get(m.actorId) ?? 0) + 1);
  return counts;
}

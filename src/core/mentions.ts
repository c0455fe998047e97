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

/**
 * A trie node. Most nodes have one child (names share few prefixes), so the first child is held
 * in two fields and compared directly; a branching node's other children are found by a scan of
 * their keys, a handful of units in a typed array (faster than a Map's hashing for so few).
 */
interface TrieNode {
  firstKey: number;
  firstChild: TrieNode | undefined;
  moreKeys: Uint16Array | undefined;
  moreChildren: TrieNode[] | undefined;
  /** Phrases ending here, aliases before exclusions, in sidecar order. */
  entries: PhraseEntry[] | undefined;
}

function newNode(): TrieNode {
  return { firstKey: -1, firstChild: undefined, moreKeys: undefined, moreChildren: undefined, entries: undefined };
}

function childOf(node: TrieNode, key: number): TrieNode | undefined {
  if (node.firstKey === key) return node.firstChild;
  const keys = node.moreKeys;
  if (keys === undefined) return undefined;
  for (let k = 0; k < keys.length; k++) if (keys[k] === key) return node.moreChildren![k];
  return undefined;
}

function addChild(node: TrieNode, key: number): TrieNode {
  const existing = childOf(node, key);
  if (existing) return existing;
  const child = newNode();
  if (node.firstChild === undefined) {
    node.firstKey = key;
    node.firstChild = child;
  } else {
    const keys = new Uint16Array((node.moreKeys?.length ?? 0) + 1);
    if (node.moreKeys) keys.set(node.moreKeys);
    keys[keys.length - 1] = key;
    node.moreKeys = keys;
    (node.moreChildren ??= []).push(child);
  }
  return child;
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
  /** Children of the root, indexed by folded first unit: the one step every candidate takes. */
  private readonly roots: (TrieNode | undefined)[] = new Array(65536);
  /** Per UTF-16 unit as written: 1 when some phrase may start with it (any case of its first unit). */
  private readonly startsPhrase = new Uint8Array(65536);
  /** The same for phrases that begin with a non-word character, which may start mid-word. */
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
    const firstUnits = new Map<number, boolean>(); // folded first unit → may start mid-word
    for (const entry of [...aliasEntries, ...excludeEntries]) {
      if (!this.insert(entry)) continue;
      count++;
      const first = entry.phrase.charCodeAt(0);
      // By its code point: a phrase that begins with an astral letter begins at a word's start too.
      firstUnits.set(this.tables.fold[first], (firstUnits.get(this.tables.fold[first]) ?? false) || !isWordAt(entry.phrase, 0, this.tables.flags));
    }
    this.phraseCount = count;
    // Mark every unit that folds to a first unit, so the scan needs one lookup per character.
    const { fold } = this.tables;
    for (let unit = 0; unit < 65536; unit++) {
      const anywhere = firstUnits.get(fold[unit]);
      if (anywhere === undefined) continue;
      this.startsPhrase[unit] = 1;
      if (anywhere) this.startsAnywhere[unit] = 1;
    }
  }

  private insert(entry: PhraseEntry): boolean {
    const { fold } = this.tables;
    // White space inside a phrase is one space: the text may break the line or double the space there.
    const phrase = entry.phrase.trim().replace(/\s+/g, ' ');
    if (phrase.length === 0) return false;
    entry.phrase = phrase;
    const first = fold[phrase.charCodeAt(0)];
    let node = (this.roots[first] ??= newNode());
    for (let i = 1; i < phrase.length; i++) node = addChild(node, fold[phrase.charCodeAt(i)]);
    (node.entries ??= []).push(entry);
    return true;
  }

  /** Every mention in `text`, in order, never overlapping. */
  findMentions(text: string): ActorMention[] {
    const { flags } = this.tables;
    const { startsPhrase, startsAnywhere } = this;
    const mentions: ActorMention[] = [];
    const length = text.length;
    // Most characters start no phrase: one table lookup each, and the word-boundary check only
    // where a phrase could begin. Past a word's first character no phrase begins inside it but one
    // that may start anywhere, whose first character is not part of a word (nor, but for ʼ, folded
    // from one): the rest of the word is skipped up to such a character.
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (startsPhrase[unit] !== 0 && (startsAnywhere[unit] !== 0 || !isWordAt(text, i - 1, flags))) {
        const found = this.longestAt(text, i);
        if (found !== undefined) {
          if (found.entry.actorId !== undefined) mentions.push({ actorId: found.entry.actorId, start: i, end: found.end });
          i = found.end - 1;
          continue;
        }
      }
      if (flags[unit] !== WORD) continue;
      while (i + 1 < length) {
        const next = text.charCodeAt(i + 1);
        if (flags[next] !== WORD || startsAnywhere[next] !== 0) break;
        i++;
      }
    }
    return mentions;
  }

  /** The longest phrase that starts at `start` and ends on a word boundary. */
  private longestAt(text: string, start: number): { end: number; entry: PhraseEntry } | undefined {
    const { fold, flags } = this.tables;
    let node: TrieNode | undefined = this.roots[fold[text.charCodeAt(start)]];
    let found: { end: number; entry: PhraseEntry } | undefined;
    for (let i = start; node !== undefined; ) {
      if (node.entries !== undefined) {
        const end = i + 1;
        // A phrase ending in a word character must not run on into the next word ("Russia" ≠ "Russian").
        if (!(isWordAt(text, i, flags) && isWordAt(text, end, flags))) {
          for (const entry of node.entries) {
            if (entry.matchCase && !sameText(text, start, end, entry.phrase)) continue;
            found = { end, entry };
            break;
          }
        }
      }
      // A run of white space in the text ("\r\n", two spaces) stands for the one space of a phrase.
      if (fold[text.charCodeAt(i)] === 0x20) while (i + 1 < text.length && fold[text.charCodeAt(i + 1)] === 0x20) i++;
      node = ++i < text.length ? childOf(node, fold[text.charCodeAt(i)]) : undefined;
    }
    return found;
  }
}

/** Compares case-sensitively, with curly and straight apostrophes alike and any run of white space as one space. */
function sameText(text: string, start: number, end: number, phrase: string): boolean {
  const { fold } = tables();
  const unify = (c: number): number => (fold[c] === 0x27 || fold[c] === 0x20 ? fold[c] : c);
  let at = start;
  for (let i = 0; i < phrase.length; i++, at++) {
    if (at >= end || unify(text.charCodeAt(at)) !== unify(phrase.charCodeAt(i))) return false;
    if (fold[phrase.charCodeAt(i)] === 0x20) while (at + 1 < end && fold[text.charCodeAt(at + 1)] === 0x20) at++;
  }
  return at === end;
}

/** Counts mentions per actor id. */
export function countMentions(mentions: readonly ActorMention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.actorId, (counts.get(m.actorId) ?? 0) + 1);
  return counts;
}

/**
 * The mention matcher against an oracle written from its contract, not from its code: at each
 * place a phrase may begin, try every phrase, keep the longest that ends on a word boundary, and go
 * on after it. The oracle tries every phrase at every place (quadratic, for short texts); the
 * matcher walks a trie and skips the inside of words. Texts and aliases are drawn from pieces that
 * make the hard cases common: case, curly and modifier apostrophes (ʼ is a letter that folds to
 * one), runs of white space and CRLF, dots and hyphens inside aliases, accents, astral letters and
 * emoji, digits.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { ActorMention, MentionMatcher } from '../../src/core/mentions';
import { Actor } from '../../src/core/model';

const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;

/** Whether the code point at `offset` (either half of a surrogate pair) is a letter, digit or mark. */
function isWordAt(text: string, offset: number): boolean {
  if (offset < 0 || offset >= text.length) return false;
  const unit = text.charCodeAt(offset);
  const start = unit >= 0xdc00 && unit <= 0xdfff && offset > 0 ? offset - 1 : offset;
  return WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(start)!));
}

const APOSTROPHES = new Set([0x27, 0x2019, 0x2018, 0x02bc]);
const SPACES = new Set([0x20, 0x09, 0x0a, 0x0d, 0xa0, 0x2007, 0x202f]);

/** The contract's folding, one UTF-16 unit to one: lower case where that is one unit, apostrophes and white space unified. */
function fold(unit: number): number {
  if (APOSTROPHES.has(unit)) return 0x27;
  if (SPACES.has(unit)) return 0x20;
  if (unit >= 0xd800 && unit <= 0xdfff) return unit;
  const lower = String.fromCharCode(unit).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : unit;
}

/** As written, but for apostrophes and white space. */
function exact(unit: number): number {
  return APOSTROPHES.has(unit) ? 0x27 : SPACES.has(unit) ? 0x20 : unit;
}

interface Phrase {
  text: string;
  actorId: string | undefined;
  matchCase: boolean;
}

/** Where `phrase` read at `start` ends in `text` (a run of white space standing for its one space), or -1. */
function endOf(text: string, start: number, phrase: Phrase): number {
  const same = phrase.matchCase ? exact : fold;
  let at = start;
  for (let i = 0; i < phrase.text.length; i++) {
    if (at >= text.length || same(text.charCodeAt(at)) !== same(phrase.text.charCodeAt(i))) return -1;
    at++;
    if (fold(phrase.text.charCodeAt(i)) === 0x20) while (at < text.length && fold(text.charCodeAt(at)) === 0x20) at++;
  }
  // A phrase that ends in a word character must not run on into the next word.
  return isWordAt(text, at - 1) && isWordAt(text, at) ? -1 : at;
}

function oracle(text: string, actors: Actor[]): ActorMention[] {
  const phrases: Phrase[] = [];
  const normalise = (phrase: string): string => phrase.trim().replace(/\s+/g, ' ');
  for (const actor of actors) for (const alias of actor.aliases) phrases.push({ text: normalise(alias), actorId: actor.id, matchCase: actor.matchCase });
  for (const actor of actors) for (const excluded of actor.exclude) phrases.push({ text: normalise(excluded), actorId: undefined, matchCase: actor.matchCase });
  const usable = phrases.filter((p) => p.text.length > 0);
  // A phrase begins at a word's start, or anywhere when it begins with a character that is not part of a word.
  const beginsAnywhere = new Set(usable.filter((p) => !isWordAt(p.text, 0)).map((p) => fold(p.text.charCodeAt(0))));
  const mentions: ActorMention[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isWordAt(text, i - 1) && !beginsAnywhere.has(fold(text.charCodeAt(i)))) continue;
    let best: { end: number; phrase: Phrase } | undefined;
    for (const phrase of usable) {
      const end = endOf(text, i, phrase);
      if (end > (best?.end ?? -1)) best = { end, phrase };
    }
    if (!best) continue;
    if (best.phrase.actorId !== undefined) mentions.push({ actorId: best.phrase.actorId, start: i, end: best.end });
    i = best.end - 1;
  }
  return mentions;
}

const WORDS = ['Ab', 'ab', 'AB', 'b', 'ba', 'abc', 'U.S.', 'a-b', "a'b", 'a’b', 'aʼb', 'ʼb', "'a", 'é', 'Éa', '𝐀b', '😀', '😀a', '1a', 'a1', 'ß', 'İ'];
const SEPARATORS = [' ', '  ', '\n', '\r\n', '\t', '.', ', ', '-', "'", '’', 'ʼ', '', '😀'];

const word = fc.constantFrom(...WORDS);
const separator = fc.constantFrom(...SEPARATORS);
const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).chain((words) =>
  fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: words.length - 1, maxLength: words.length - 1 }).map((gaps) => words.map((w, i) => (i === 0 ? w : gaps[i - 1] + w)).join('')),
);
const text = fc.array(fc.tuple(word, separator), { maxLength: 40 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const actors = fc
  .array(fc.record({ aliases: fc.array(phrase, { minLength: 1, maxLength: 3 }), exclude: fc.array(phrase, { maxLength: 1 }), matchCase: fc.boolean() }), { minLength: 1, maxLength: 5 })
  .map((drawn) => drawn.map((a, i): Actor => ({ id: `actor-${i}`, name: `actor-${i}`, kind: 'other', span: { start: 0, end: 0 }, ...a })));

describe('MentionMatcher against an oracle from its contract', () => {
  it('finds exactly the mentions the contract gives, on texts and aliases people write', () => {
    fc.assert(
      fc.property(actors, fc.array(text, { minLength: 1, maxLength: 4 }), (drawn, texts) => {
        const matcher = new MentionMatcher(drawn.map((a) => ({ ...a, aliases: [...a.aliases], exclude: [...a.exclude] })));
        for (const t of texts) assert.deepEqual(matcher.findMentions(t), oracle(t, drawn), JSON.stringify(t));
      }),
      { numRuns: 2000 },
    );
  });
});

import * as assert from 'node:assert/strict';
import { MentionMatcher } from '../../src/core/mentions';
import { Actor } from '../../src/core/model';

function actor(id: string, aliases: string[], extra: Partial<Actor> = {}): Actor {
  return { id, name: id, kind: 'other', aliases, exclude: [], matchCase: true, span: { start: 0, end: 0 }, ...extra };
}

const actors = [
  actor('kim-il-sung', ['Kim Il Sung']),
  actor('kim', ['Kim', 'Kim Jong Un']),
  actor('us', ['U.S.', 'United States']),
  actor('russia', ['Russia']),
  actor('nk', ['North Korea', 'DPRK'], { exclude: ['North Korea Times'] }),
  actor('acme', ['acme corp'], { matchCase: false }),
  actor('rocket', ['🚀 Lab']),
];
const matcher = new MentionMatcher(actors);

/** Mentions as `actor:text` for readable tables. */
function found(text: string): string[] {
  return matcher.findMentions(text).map((m) => `${m.actorId}:${text.slice(m.start, m.end)}`);
}

describe('MentionMatcher', () => {
  const cases: [string, string, string[]][] = [
    ['longest match wins', 'Kim Il Sung met Kim.', ['kim-il-sung:Kim Il Sung', 'kim:Kim']],
    ['longest alias of one actor', 'Kim Jong Un spoke.', ['kim:Kim Jong Un']],
    ['whole words only', 'Kimchi and Russian food; Russia.', ['russia:Russia']],
    ['U.S. ends in a dot and still matches', 'the U.S. and its allies', ['us:U.S.']],
    ['U.S. at the end of a sentence', 'He flew to the U.S.', ['us:U.S.']],
    ['U.S.-led counts', 'a U.S.-led order', ['us:U.S.']],
    ['straight possessive', "Russia's army", ['russia:Russia']],
    ['curly possessive', 'Russia’s army', ['russia:Russia']],
    ['case-sensitive by default', 'RUSSIA and russia', []],
    ['matchCase: false', 'ACME Corp and Acme corp', ['acme:ACME Corp', 'acme:Acme corp']],
    ['exclude phrase is not a mention', 'the North Korea Times said North Korea', ['nk:North Korea']],
    ['alias across a line break', 'the North\nKorea border', ['nk:North\nKorea']],
    ['alias across a CRLF line break', 'North\r\nKorea', ['nk:North\r\nKorea']],
    ['alias across doubled spaces', 'North  Korea and North \t Korea', ['nk:North  Korea', 'nk:North \t Korea']],
    ['white space does not start or end a match', 'North Korea  is', ['nk:North Korea']],
    ['acronym inside a word does not match', 'DPRKs DPRK', ['nk:DPRK']],
    ['letters with accents are word characters', 'Russiaé Russia', ['russia:Russia']],
    ['an astral letter glued to an alias blocks it', 'Russia𝐀 Russia', ['russia:Russia']],
    ['emoji are not word characters', '😀Russia😀', ['russia:Russia']],
    ['alias starting with an emoji', 'the 🚀 Lab opened', ['rocket:🚀 Lab']],
    ['numbers are word characters', 'Russia2 Russia', ['russia:Russia']],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(found(text), expected));
  }

  it('gives offsets in UTF-16 units', () => {
    const text = '😀 Kim';
    assert.deepEqual(matcher.findMentions(text), [{ actorId: 'kim', start: 3, end: 6 }]);
  });

  it('first actor in sidecar order wins a shared alias', () => {
    const shared = new MentionMatcher([actor('a', ['Same']), actor('b', ['Same'])]);
    assert.deepEqual(shared.findMentions('Same').map((m) => m.actorId), ['a']);
  });

  it('ignores empty aliases', () => {
    assert.equal(new MentionMatcher([actor('a', ['', '  '])]).phraseCount, 0);
  });
});

import * as assert from 'node:assert/strict';
import { anchor, DEFAULT_ANCHORING, describePassage } from '../../src/core/anchoring';
import { ApproximateMatch, approximateMatches, seededMatches } from '../../src/core/fuzzyMatch';
import { QuoteSelector } from '../../src/core/model';

const article = [
  'The delegation signed a broad cooperation accord on Tuesday.',
  'Observers said the accord lacked an automatic defence clause.',
  'A second, narrower accord on fisheries was signed later.',
].join('\n');

describe('anchor', () => {
  const at = (quote: string, nth = 0): number => {
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = article.indexOf(quote, offset + 1);
    return offset;
  };
  const cases: { name: string; selector: QuoteSelector; text?: string; status: string; start?: number; end?: number }[] = [
    { name: 'exact at the position hint', selector: { quote: 'automatic defence clause', start: at('automatic defence clause') }, status: 'exact', start: at('automatic defence clause') },
    { name: 'exact without a hint (hand-written)', selector: { quote: 'automatic defence clause' }, status: 'exact', start: at('automatic defence clause') },
    { name: 'moved when the text shifted', selector: { quote: 'automatic defence clause', start: 3 }, status: 'moved', start: at('automatic defence clause') },
    { name: 'prefix picks the second of two equal quotes', selector: { quote: 'accord', prefix: 'narrower ' }, status: 'exact', start: at('accord', 2) },
    { name: 'suffix picks among equal quotes', selector: { quote: 'accord', suffix: ' lacked' }, status: 'exact', start: at('accord', 1) },
    { name: 'hint picks the nearest of equal quotes', selector: { quote: 'accord', start: at('accord', 2) + 4 }, status: 'moved', start: at('accord', 2) },
    { name: 'stale context at the hint loses to matching context elsewhere', selector: { quote: 'accord', prefix: 'the ', start: at('accord', 0) }, status: 'moved', start: at('accord', 1) },
    { name: 'fuzzy after a small edit', selector: { quote: 'lacked an automatic defense clause', start: 80 }, status: 'fuzzy', start: at('lacked an automatic defence clause'), end: at('lacked an automatic defence clause') + 'lacked an automatic defence clause'.length },
    { name: 'orphaned when the passage is gone', selector: { quote: 'a completely different sentence here', start: 10 }, status: 'orphaned' },
    { name: 'short quotes are never fuzzily moved', selector: { quote: 'acord', start: 10 }, status: 'orphaned' },
    { name: 'an empty quote is orphaned', selector: { quote: '' }, status: 'orphaned' },
    {
      name: 'two equally close fuzzy places with no context: orphaned, not guessed',
      selector: { quote: 'the northern harbour wall' },
      text: 'First the northern harbor wall fell. Then the northern harbor wall rose.',
      status: 'orphaned',
    },
    {
      name: 'CRLF text: offsets count the CR',
      selector: { quote: 'second line', start: 0 },
      text: 'first line\r\nsecond line\r\n',
      status: 'moved',
      start: 12,
    },
    { name: 'emoji before the quote count two units each', selector: { quote: 'signed' }, text: '😀😀 signed', status: 'exact', start: 5 },
    { name: 'curly quotes must match exactly', selector: { quote: '“special operation”' }, text: 'a “special operation” b', status: 'exact', start: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = anchor(c.selector, c.text ?? article);
      assert.equal(result.status, c.status);
      if (c.start !== undefined) assert.equal(result.range?.start, c.start);
      if (c.end !== undefined) assert.equal(result.range?.end, c.end);
      if (c.status === 'orphaned') assert.equal(result.range, undefined);
      if (c.status === 'fuzzy') assert.ok(result.confidence >= 0.8 && result.confidence < 1, `confidence ${result.confidence}`);
    });
  }

  describe('a quote found more than once', () => {
    const twice = 'The envoy said the port would reopen soon.\nLater a second envoy said the port would reopen soon.\n';
    const quote = 'the port would reopen';
    const first = twice.indexOf(quote);
    const second = twice.indexOf(quote, first + 1);
    const copies = [{ start: first, end: first + quote.length }, { start: second, end: second + quote.length }];
    const ambiguous: { name: string; selector: QuoteSelector }[] = [
      { name: 'quote only: ambiguous, never the first copy', selector: { quote } },
      { name: 'the same prefix before both copies: ambiguous', selector: { quote, prefix: 'envoy said ' } },
      { name: 'the same suffix after both copies: ambiguous', selector: { quote, suffix: ' soon.\n' } },
      { name: 'a hint halfway between the copies: ambiguous', selector: { quote, start: (first + second) / 2 } },
    ];
    for (const c of ambiguous) {
      it(c.name, () => {
        assert.deepEqual(anchor(c.selector, twice), { status: 'ambiguous', confidence: 0, candidates: copies });
      });
    }
    const chosen: { name: string; selector: QuoteSelector; status: string; start: number }[] = [
      { name: 'a prefix that only one copy has picks it', selector: { quote, prefix: 'second envoy said ' }, status: 'exact', start: second },
      { name: 'a suffix that fits one copy better picks it', selector: { quote, suffix: ' soon.\nLater' }, status: 'exact', start: first },
      { name: 'a start hint nearer one copy picks it', selector: { quote, start: second - 3 }, status: 'moved', start: second },
      { name: 'a start hint on a copy is exact', selector: { quote, start: second }, status: 'exact', start: second },
    ];
    for (const c of chosen) {
      it(c.name, () => {
        const result = anchor(c.selector, twice);
        assert.equal(result.status, c.status);
        assert.deepEqual(result.range, { start: c.start, end: c.start + quote.length });
        assert.equal(result.candidates, undefined);
      });
    }
    it('a pull quote inserted above a stored anchor: the stored context keeps it on its own copy', () => {
      const selector = describePassage(twice, copies[1]);
      const withPullQuote = `“${quote}”\n\n${twice}`;
      const result = anchor(selector, withPullQuote);
      assert.equal(result.status, 'moved');
      assert.equal(result.range?.start, withPullQuote.lastIndexOf(quote));
    });
    it('storing one copy’s selector (what the quick fix does) anchors exactly there', () => {
      for (const copy of copies) assert.deepEqual(anchor(describePassage(twice, copy), twice), { status: 'exact', range: copy, confidence: 1 });
    });
    it('lists every copy that ties, not those the context rules out', () => {
      const thrice = `${twice}A note: the port would reopen.\n`;
      const third = thrice.lastIndexOf(quote);
      assert.deepEqual(anchor({ quote, suffix: ' soon' }, thrice).candidates, copies);
      assert.deepEqual(anchor({ quote }, thrice).candidates, [...copies, { start: third, end: third + quote.length }]);
    });
  });

  it('does not fuzzily jump to a distant look-alike below the threshold', () => {
    const result = anchor({ quote: 'the accord lacked an automatic clause entirely' }, article);
    assert.equal(result.status, 'orphaned');
  });
});

describe('describePassage', () => {
  it('stores 32 characters of context on each side and the start', () => {
    const text = 'x'.repeat(40) + 'QUOTE' + 'y'.repeat(40);
    const selector = describePassage(text, { start: 40, end: 45 });
    assert.deepEqual(selector, { quote: 'QUOTE', prefix: 'x'.repeat(32), suffix: 'y'.repeat(32), start: 40 });
    assert.deepEqual(anchor(selector, text), { status: 'exact', range: { start: 40, end: 45 }, confidence: 1 });
  });
  it('clips context at the ends of the text', () => {
    assert.deepEqual(describePassage('abc', { start: 1, end: 2 }), { quote: 'b', prefix: 'a', suffix: 'c', start: 1 });
  });
});

describe('approximateMatches', () => {
  const cases: [string, string, number, [number, number, number][]][] = [
    ['abcdef', 'xxabcdefxx', 0, [[2, 8, 0]]],
    ['abcdef', 'xxabXdefxx', 1, [[2, 8, 1]]],
    ['abcdef', 'xxabdefxx', 1, [[2, 7, 1]]],
    ['abcdef', 'xxabcXXdefxx', 1, []],
  ];
  for (const [pattern, text, k, expected] of cases) {
    it(`${pattern} in ${text} within ${k}`, () => {
      assert.deepEqual(approximateMatches(pattern, text, 0, text.length, k).map((m) => [m.start, m.end, m.edits]), expected);
    });
  }
});

/** Prose-like text from made-up words, the same on every run. */
function prose(length: number, seed: number): string {
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const syllables = ['ka', 'lo', 'mer', 'tan', 'vi', 'sol', 'dra', 'en', 'po', 'ric', 'ul', 'fa', 'sen', 'tor', 'ba', 'nim'];
  const common = ['the', 'of', 'and', 'a', 'to', 'in', 'said', 'was'];
  let text = '';
  while (text.length < length) {
    const word = next() < 0.4 ? common[Math.floor(next() * common.length)] : Array.from({ length: 1 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join('');
    text += word + (next() < 0.08 ? '. ' : next() < 0.01 ? '.\n\n' : ' ');
  }
  return text.slice(0, length);
}

/** `text` with a character replaced, inserted or deleted at each offset (highest first, so offsets stay valid). */
function withEdits(text: string, offsets: number[]): string {
  let out = text;
  [...offsets].sort((a, b) => b - a).forEach((at, i) => {
    out = i % 3 === 0 ? out.slice(0, at) + '#' + out.slice(at + 1) : i % 3 === 1 ? out.slice(0, at) + '#' + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
  });
  return out;
}

describe('long quotes', () => {
  const QUOTE_LENGTH = 3000;
  const at = 31_000;
  const original = prose(80_000, 7);
  const quote = original.slice(at, at + QUOTE_LENGTH);
  const editedPassage = withEdits(quote, [40, 700, 1500, 1501, 2200, 2900]);
  const edited = original.slice(0, at) + editedPassage + original.slice(at + QUOTE_LENGTH);

  it('are searched by pieces: far more cells than the exhaustive search is allowed', () => {
    assert.ok(QUOTE_LENGTH * edited.length > DEFAULT_ANCHORING.maxExhaustiveCells);
  });

  const found: { name: string; selector: QuoteSelector }[] = [
    { name: 'a long quote with a few edits is found fuzzily at its place, with a hint', selector: { quote, start: at } },
    { name: 'a long quote with a few edits is found fuzzily at its place, quote only', selector: { quote } },
    { name: 'a long quote is found with a stale hint far away', selector: { quote, start: 70_000 } },
  ];
  for (const c of found) {
    it(c.name, () => {
      const result = anchor(c.selector, edited);
      assert.equal(result.status, 'fuzzy');
      assert.deepEqual(result.range, { start: at, end: at + editedPassage.length });
      assert.equal(result.confidence, 1 - 6 / QUOTE_LENGTH);
    });
  }

  it('a long quote found in a text beyond the exhaustive search length, without a hint', () => {
    const long = prose(400_000, 11);
    const passage = long.slice(300_000, 300_000 + QUOTE_LENGTH);
    const text = long.slice(0, 300_000) + withEdits(passage, [100, 1000]) + long.slice(300_000 + QUOTE_LENGTH);
    assert.ok(text.length > DEFAULT_ANCHORING.maxFuzzySearchLength);
    const result = anchor({ quote: passage }, text);
    assert.equal(result.status, 'fuzzy');
    assert.equal(result.range?.start, 300_000);
  });

  it('a long quote that is not in the text is orphaned', () => {
    const elsewhere = prose(QUOTE_LENGTH, 99);
    assert.deepEqual(anchor({ quote: elsewhere, start: at }, edited), { status: 'orphaned', confidence: 0 });
  });

  it('a long quote rewritten beyond the allowed edits is orphaned, although its head is intact', () => {
    // The first third unchanged (its pieces are found), then every other character changed: 33% edits where 20% are allowed.
    const rewritten = [...quote].map((c, i) => (i >= QUOTE_LENGTH / 3 && i % 2 === 0 ? '@' : c)).join('');
    const text = original.slice(0, at) + rewritten + original.slice(at + QUOTE_LENGTH);
    assert.deepEqual(anchor({ quote, start: at }, text), { status: 'orphaned', confidence: 0 });
  });

  it('two equally edited copies of a long quote with nothing to choose: orphaned, not guessed', () => {
    const twice = edited + '\n\n' + editedPassage + '\n';
    assert.deepEqual(anchor({ quote }, twice), { status: 'orphaned', confidence: 0 });
    const result = anchor({ quote, prefix: original.slice(at - 32, at) }, twice);
    assert.deepEqual([result.status, result.range?.start], ['fuzzy', at], 'the stored prefix picks the first copy');
  });

  it('finds what the exhaustive search finds when a piece survives', () => {
    const text = prose(6000, 3);
    for (let trial = 0; trial < 12; trial++) {
      const start = 500 + trial * 300;
      const length = 200 + trial * 40;
      const pattern = text.slice(start, start + length);
      const target = text.slice(0, start) + withEdits(pattern, [3 + trial, length >> 1, length - 5 - trial]) + text.slice(start + length);
      const maxEdits = Math.floor(length * 0.2);
      // Searched exhaustively near the passage only: elsewhere the made-up prose holds no look-alike.
      const exhaustive = approximateMatches(pattern, target, start - 100, start + length + 100, maxEdits);
      const seeded = seededMatches(pattern, target, 0, target.length, maxEdits);
      const best = (matches: ApproximateMatch[]): number => Math.min(...matches.map((m) => m.edits));
      assert.equal(best(seeded), best(exhaustive), `trial ${trial}`);
      assert.deepEqual(seeded.filter((m) => m.edits === best(seeded)), exhaustive.filter((m) => m.edits === best(exhaustive)), `trial ${trial}`);
    }
  });
});

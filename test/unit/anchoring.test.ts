import * as assert from 'node:assert/strict';
import { anchor, approximateMatches, describePassage } from '../../src/core/anchoring';
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

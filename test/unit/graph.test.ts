import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildActorGraph, countTiesAtLeast, defaultMinTies, paragraphStarts, READABLE_CO_MENTIONS } from '../../src/core/graph';
import { InMemoryCorpus } from '../../src/core/workspace';

const sidecar = `version: 1
documents:
  north.txt: {title: Northern desk}
actors:
  ada: {name: Ada Stone, kind: person, aliases: [Ada Stone, Stone]}
  ivo: {name: Ivo Tarn, kind: person, aliases: [Ivo Tarn]}
  vel: {name: Velmora, kind: state, aliases: [Velmora]}
  fund: {name: Harbor Fund, kind: organization, aliases: [Harbor Fund]}
relations:
  - {from: ada, to: vel, type: advises, evidence: [pact]}
  - {from: ivo, to: fund, type: chairs}
annotations:
  pact: {file: north.txt, quote: Ada Stone met Ivo Tarn}
`;

const articles = {
  'marginalia.yaml': sidecar,
  // Two paragraphs name Ada and Ivo together; the third names Velmora alone (CRLF blank line).
  'north.txt': 'Ada Stone met Ivo Tarn in Velmora.\n\nLater Stone and Ivo Tarn spoke.\r\n  \r\nVelmora stayed quiet.\n',
  // Hard-wrapped: without a blank line after it, the second line is the same paragraph.
  'south.txt': 'Ivo Tarn and Ada Stone again.\nStill the same paragraph: Velmora.\n\n',
};

describe('actor graph', () => {
  it('finds paragraph starts after blank lines, CRLF and white space included', () => {
    assert.deepEqual(paragraphStarts('a\n\nb\r\n \r\nc\n'), [3, 9]);
    assert.deepEqual(paragraphStarts('a hard-wrapped\nparagraph\n\nthen another'), [26], 'with blank lines, only they end paragraphs');
    assert.deepEqual(paragraphStarts('one paragraph per line\r\nsecond\nthird'), [24, 31], 'with none, every line is a paragraph');
    assert.deepEqual(paragraphStarts('one paragraph'), []);
  });

  it('sizes actors by mentions and weights co-mentions by shared paragraphs', async () => {
    const graph = buildActorGraph(await CorpusIndex.build(new InMemoryCorpus(articles)));
    assert.deepEqual(graph.nodes.map((n) => [n.id, n.mentions]), [['ada', 3], ['ivo', 3], ['vel', 3], ['fund', 0]]);
    const edges = Object.fromEntries(graph.edges.map((e) => [`${e.kind} ${e.from}-${e.to}`, e.weight]));
    assert.deepEqual(edges, {
      'relation ada-vel': 1,
      'relation ivo-fund': 0,
      'co-mention ada-ivo': 3,
      'co-mention ada-vel': 2,
      'co-mention ivo-vel': 2,
    });
    assert.equal(graph.coMentionTotal, 3);
    assert.deepEqual(graph.documents, [{ path: 'north.txt', title: 'Northern desk' }, { path: 'south.txt', title: 'Ivo Tarn and Ada Stone again.' }], 'an article with no title in the sidecar is named by its headline');
  });

  it('keeps only the strongest co-mention ties when there are too many to draw', async () => {
    const graph = buildActorGraph(await CorpusIndex.build(new InMemoryCorpus(articles)), { coMentionLimit: 1 });
    assert.deepEqual(graph.edges.filter((e) => e.kind === 'co-mention').map((e) => [e.from, e.to, e.weight]), [['ada', 'ivo', 3]]);
    assert.equal(graph.coMentionTotal, 3);
    assert.equal(graph.edges.filter((e) => e.kind === 'relation').length, 2, 'relations are always drawn');
  });

  it('filters by kind and by document', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus(articles));
    const people = buildActorGraph(corpus, { kinds: ['person'] });
    assert.deepEqual(people.nodes.map((n) => n.id), ['ada', 'ivo']);
    assert.deepEqual(people.edges.map((e) => [e.kind, e.from, e.to, e.weight]), [['co-mention', 'ada', 'ivo', 3]]);
    const north = buildActorGraph(corpus, { document: 'north.txt' });
    assert.deepEqual(north.nodes.map((n) => [n.id, n.mentions]), [['ada', 2], ['ivo', 2], ['vel', 2]]);
    assert.deepEqual(north.edges.map((e) => [e.kind, e.from, e.to, e.weight]), [
      ['relation', 'ada', 'vel', 1],
      ['co-mention', 'ada', 'ivo', 2],
      ['co-mention', 'ada', 'vel', 1],
      ['co-mention', 'ivo', 'vel', 1],
    ], 'a relation without evidence in this document is left out');
  });

  it('counts ties by the fewest shared paragraphs they have', () => {
    assert.deepEqual(countTiesAtLeast([]), [0]);
    assert.deepEqual(countTiesAtLeast([1, 3, 3, 2]), [4, 4, 3, 2]);
  });

  it('chooses as default the smallest minimum of ties that leaves at most about 40', () => {
    const table: [number[], number, number][] = [
      [[], 40, 1],
      [[0, 12, 5], 40, 1], // few enough: every tie
      [[0, 108, 61, 41, 40, 12], 40, 4],
      [[0, 108, 61, 41, 39, 12], 40, 4],
      [[0, 108, 61, 30, 12], 40, 3],
      [[0, 90, 90, 90], 40, 3], // equals cannot be cut: the strongest
      [[0, 10, 8], 5, 2],
    ];
    for (const [tiesAtLeast, target, expected] of table) assert.equal(defaultMinTies(tiesAtLeast, target), expected, JSON.stringify(tiesAtLeast));
  });

  it('draws about 40 of 16 actors’ 108-odd co-mention ties by default, every relation, and what the control asks', async () => {
    // Sixteen actors; each paragraph names a few, some pairs far more often than others.
    const names = Array.from({ length: 16 }, (_, i) => `Actor${String.fromCharCode(65 + i)}`);
    const sidecarText = ['version: 1', 'actors:', ...names.map((n, i) => `  a${i}: {name: ${n}, kind: person, aliases: [${n}]}`),
      'relations:', '  - {from: a0, to: a15, type: advises}', '  - {from: a7, to: a8, type: funds}', ''].join('\n');
    const paragraphs: string[] = [];
    for (let i = 0; i < 16; i++) {
      for (let j = i + 1; j < 16; j++) {
        const times = (i * 7 + j * 3) % 11 === 0 ? 0 : 1 + ((i + j) % 6);
        for (let k = 0; k < times; k++) paragraphs.push(`${names[i]} and ${names[j]} met.`);
      }
    }
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': sidecarText, 'all.txt': paragraphs.join('\n\n') }));
    const graph = buildActorGraph(corpus);
    const ties = (g: typeof graph): number => g.edges.filter((e) => e.kind === 'co-mention').length;
    assert.ok(graph.coMentionTotal > 100, `${graph.coMentionTotal} ties`);
    assert.equal(graph.minTies, graph.defaultMinTies);
    assert.ok(ties(graph) <= READABLE_CO_MENTIONS && ties(graph) > 20, `${ties(graph)} ties drawn`);
    assert.ok(graph.tiesAtLeast[graph.minTies - 1] > READABLE_CO_MENTIONS, 'one lower would draw too many');
    assert.equal(ties(graph), graph.tiesAtLeast[graph.minTies]);
    assert.ok(graph.edges.filter((e) => e.kind === 'co-mention').every((e) => e.weight >= graph.minTies));
    assert.equal(graph.edges.filter((e) => e.kind === 'relation').length, 2, 'relations whatever the minimum');
    assert.equal(graph.nodes.length, 16, 'every actor, tied or not');

    const all = buildActorGraph(corpus, { minTies: 1 });
    assert.equal(ties(all), graph.coMentionTotal);
    const strongest = buildActorGraph(corpus, { minTies: 99 });
    assert.equal(ties(strongest), 0);
    assert.equal(strongest.edges.length, 2, 'relations stay when no tie is strong enough');
  });
});

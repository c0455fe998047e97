import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildActorGraph, paragraphStarts } from '../../src/core/graph';
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
  'south.txt': 'Ivo Tarn and Ada Stone again.\nStill the same paragraph: Velmora.\n',
};

describe('actor graph', () => {
  it('finds paragraph starts after blank lines, CRLF and white space included', () => {
    assert.deepEqual(paragraphStarts('a\n\nb\r\n \r\nc\n'), [3, 9]);
    assert.deepEqual(paragraphStarts('one paragraph\nsecond line'), []);
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
});

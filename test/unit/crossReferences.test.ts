import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { parseSidecar } from '../../src/core/sidecar/read';
import { InMemoryCorpus } from '../../src/core/workspace';

const article = 'The harbour talks opened. The harbour talks opened again. Ministers met at noon. Quotas were set.';

const sidecar = `version: 1
actors:
  ana: {name: Ana, kind: person, aliases: [Ana]}
  ben: {name: Ben, kind: person, aliases: [Ben]}
annotations:
  opening:
    file: a.txt
    quote: Ministers met
    actors: [ana]
    tags: [talks]
    links:
      - {to: quotas, type: follows}
      - {to: missing, type: related}
  quotas:
    file: a.txt
    quote: Quotas were set
    links: [{to: opening, type: supports}]
  same-tag:
    file: a.txt
    quote: at noon
    tags: [talks, other]
  same-actor:
    file: a.txt
    quote: gone from the text
    actors: [ben, ana]
  twice:
    file: a.txt
    quote: The harbour talks opened
    links: [{to: opening, type: contrasts}, {to: opening, type: same-event}]
  unrelated:
    file: a.txt
    quote: Quotas
`;

async function build(text = sidecar): Promise<CorpusIndex> {
  return CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': text, 'a.txt': article }));
}

describe('cross-references in the corpus index', () => {
  it('lists the links into an annotation, in sidecar order, one per link', async () => {
    const corpus = await build();
    assert.deepEqual(corpus.linksTo('opening'), [
      { from: 'quotas', type: 'supports' },
      { from: 'twice', type: 'contrasts' },
      { from: 'twice', type: 'same-event' },
    ]);
    assert.deepEqual(corpus.linksTo('unrelated'), []);
    assert.deepEqual(corpus.linksTo('missing'), [{ from: 'opening', type: 'related' }], 'a dangling link is still a link into that id');
  });

  it('relates links first, then backlinks, then shared actors or tags, each passage once', async () => {
    const corpus = await build();
    assert.deepEqual(corpus.relatedPassages('opening'), [
      { annotationId: 'quotas', reason: { kind: 'link', type: 'follows' } },
      { annotationId: 'twice', reason: { kind: 'backlink', type: 'contrasts' } },
      { annotationId: 'same-tag', reason: { kind: 'shared', actors: [], tags: ['talks'] } },
      { annotationId: 'same-actor', reason: { kind: 'shared', actors: ['ana'], tags: [] } },
    ]);
    assert.deepEqual(corpus.relatedPassages('unrelated'), []);
    assert.deepEqual(corpus.relatedPassages('no-such-id'), []);
  });

  it('says where a passage is, or why it has no single place', async () => {
    const corpus = await build();
    assert.equal(corpus.placeOf('quotas'), 'a.txt:1');
    assert.equal(corpus.placeOf('same-actor'), 'a.txt (orphaned)');
    assert.equal(corpus.placeOf('twice'), 'a.txt (ambiguous)');
    assert.equal(corpus.placeOf('no-such-id'), undefined);
  });

  it('follows a new sidecar version', async () => {
    const corpus = await build();
    assert.equal(corpus.linksTo('opening').length, 3);
    const edited = sidecar.replace('links: [{to: opening, type: supports}]', 'links: []');
    corpus.setSidecar(parseSidecar(edited, 'marginalia.yaml'));
    assert.deepEqual(corpus.linksTo('opening').map((l) => l.from), ['twice', 'twice']);
    assert.equal(corpus.relatedPassages('opening').some((r) => r.annotationId === 'quotas' && r.reason.kind === 'backlink'), false);
  });
});

/** Who added an annotation and when: read from the sidecar and said in the reviewer's notes. */
import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildReviewNotes, bylineOf, renderHtml, renderMarkdown } from '../../src/core/report';
import { InMemoryCorpus } from '../../src/core/workspace';

const sidecar = `version: 1
annotations:
  signed:
    file: one.txt
    quote: signed the pact
    author: Ana <Ruiz>
    created: 2026-11-23
  undated:
    file: one.txt
    quote: in Velmora
`;

describe('annotation author and date', () => {
  it('says who and when, with whatever is known', () => {
    assert.equal(bylineOf({ author: 'Ana', created: '2026-11-23' }), 'by Ana on 2026-11-23');
    assert.equal(bylineOf({ author: 'Ana' }), 'by Ana');
    assert.equal(bylineOf({ created: '2026-11-23' }), 'added on 2026-11-23');
    assert.equal(bylineOf({}), undefined);
  });

  it('are in the reviewer\'s notes, escaped, and absent where the sidecar says nothing', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': sidecar, 'one.txt': 'Ada Stone signed the pact in Velmora.\n' }));
    const notes = buildReviewNotes(corpus);
    const entries = notes.groups.flatMap((g) => g.notes);
    assert.deepEqual(entries.map((e) => [e.id, e.author, e.created]), [['signed', 'Ana <Ruiz>', '2026-11-23'], ['undated', undefined, undefined]]);
    const markdown = renderMarkdown(notes);
    assert.match(markdown, /\*review: draft · by Ana &lt;Ruiz&gt; on 2026\\-11\\-23\*/);
    assert.equal(markdown.match(/ on 2026/g)?.length, 1);
    assert.match(renderHtml(notes), /<p class="facts">by Ana &lt;Ruiz&gt; on 2026-11-23<\/p>/);
  });
});

import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildReviewNotes, escapeMarkdown, renderMarkdown } from '../../src/core/report';
import { foldName, nameRuns, suggest } from '../../src/core/suggest';
import { InMemoryCorpus } from '../../src/core/workspace';

const sidecar = `version: 1
documents:
  one.txt: {title: "First [report]", source: Wire, date: 2025-01-02}
actors:
  ada:
    name: Ada Stone
    kind: person
    aliases: [Ada Stone, Stone]
  vel:
    name: Velmora
    kind: state
    aliases: [Velmora]
relations:
  - {from: ada, to: vel, type: advises, evidence: [pact]}
annotations:
  pact:
    file: one.txt
    quote: signed the pact
    note: "Untrusted: [click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>"
    tags: [treaty]
    actors: [ada]
    review: disputed
    links: [{to: gone, type: contrasts}]
  gone:
    file: one.txt
    quote: this sentence is no longer in the article
`;

const articles = {
  'marginalia.yaml': sidecar,
  'one.txt': 'Intro line.\nAda Stone signed the pact in Velmora.\nStone later met the Velmoran press and Doctor Ivo Tarn.\n',
  'two.txt': 'Doctor Ivo Tarn spoke after Ada Ston left. Ivo Tarn agreed.\nMoreover, the Velmora-based Harbor Trust Group grew.\n',
};

describe('reviewer notes', () => {
  it('cites each quote as file:line and groups by document', async () => {
    const notes = buildReviewNotes(await CorpusIndex.build(new InMemoryCorpus(articles)));
    assert.equal(notes.documents[0].title, 'First [report]');
    assert.deepEqual(notes.documents[0].notes.map((n) => [n.id, n.file, n.line, n.status]), [['pact', 'one.txt', 2, 'exact']]);
    assert.deepEqual(notes.orphaned.map((n) => n.id), ['gone']);
    assert.deepEqual(notes.relations[0].evidence, [{ id: 'pact', file: 'one.txt', line: 2 }]);
    assert.deepEqual(notes.actors.map((a) => [a.id, a.mentions]), [['ada', 2], ['vel', 2]]);
  });

  it('renders sidecar text as text, never as links, commands or HTML', async () => {
    const md = renderMarkdown(buildReviewNotes(await CorpusIndex.build(new InMemoryCorpus(articles))));
    assert.ok(!md.includes('](command:'), 'no command link survives');
    assert.ok(!md.includes('<img'), 'no raw HTML survives');
    assert.match(md, /## First \\\[report\\\]/);
    assert.match(md, /### pact — \[one\.txt:2\]\(<one\.txt#L2>\)/);
    assert.match(md, /review: disputed · tags: treaty · actors: Ada Stone/);
    assert.match(md, /## Orphaned annotations/);
    assert.match(md, /\*\*Ada Stone\*\* — advises — \*\*Velmora\*\*; evidence: pact/);
  });

  it('escapes every Markdown metacharacter', () => {
    assert.equal(escapeMarkdown('*a* _b_ [c](d) `e` <f> #g'), '\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\`e\\` &lt;f&gt; \\#g');
  });
});

describe('suggest', () => {
  it('offers near-miss spellings of aliases and unknown names', async () => {
    const found = suggest(await CorpusIndex.build(new InMemoryCorpus(articles)));
    assert.deepEqual(found.variants.map((v) => [v.phrase, v.actorId, v.distance]), [['Ada Ston', 'ada', 1]]);
    const phrases = found.candidates.map((c) => `${c.phrase}×${c.count}`);
    assert.ok(phrases.includes('Doctor Ivo Tarn×2'), phrases.join(', '));
    assert.ok(!phrases.some((p) => p.startsWith('Moreover')), 'a sentence-initial word is not a name');
    assert.ok(!phrases.some((p) => p.startsWith('Velmoran')), 'a demonym is not a variant');
  });

  it('splits text into runs of capitalised words', () => {
    assert.deepEqual(nameRuns('the Bank of England and U.S. Steel’s plan').map((r) => r.words.map((w) => w.text).join(' ')), ['Bank of England', 'U.S. Steel']);
  });

  it('folds case, accents, hyphens and spaces', () => {
    assert.equal(foldName('Kim Jong-un'), foldName('kim jong un'));
    assert.equal(foldName('P’yŏngyang'), foldName('Pyongyang'));
  });
});

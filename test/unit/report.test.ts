import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildReviewNotes, escapeHtml, escapeMarkdown, markdownCode, NotesOptions, renderHtml, renderMarkdown, ReviewNotes } from '../../src/core/report';
import { foldName, nameRuns, namedEntities, suggest, SuggestionCollector } from '../../src/core/suggest';
import { REVIEW_STATES } from '../../src/core/model';
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
  const build = async (options: NotesOptions = {}): Promise<ReviewNotes> => buildReviewNotes(await CorpusIndex.build(new InMemoryCorpus(articles)), options);

  it('cites each quote as file:line with its document, and groups by document', async () => {
    const notes = await build();
    assert.deepEqual(notes.groups.map((g) => [g.kind, g.heading, g.details]), [
      ['document', 'First [report]', ['Wire', '2025-01-02', 'one.txt']],
      ['orphaned', 'Orphaned annotations', ['Their quotes are no longer found in the text; they are kept in the sidecar.']],
    ]);
    assert.deepEqual(notes.groups[0].notes.map((n) => [n.id, n.file, n.line, n.status, n.review]), [['pact', 'one.txt', 2, 'exact', 'disputed']]);
    assert.deepEqual(notes.groups[1].notes.map((n) => [n.id, n.review]), [['gone', 'draft']], 'no review state is a draft');
    assert.deepEqual(notes.relations[0].evidence, [{ id: 'pact', file: 'one.txt', line: 2, title: 'First [report]', source: 'Wire', date: '2025-01-02' }]);
    assert.deepEqual(notes.actors.map((a) => [a.id, a.mentions]), [['ada', 2], ['vel', 2]]);
  });

  it('groups by actor and by tag, with a group for what has none', async () => {
    const byActor = await build({ groupBy: 'actor' });
    assert.deepEqual(byActor.groups.map((g) => [g.kind, g.heading, g.notes.map((n) => n.id)]), [
      ['actor', 'Ada Stone', ['pact']],
      ['orphaned', 'Orphaned annotations', ['gone']],
    ]);
    assert.deepEqual(byActor.groups[0].details, ['person', '2 mentions in 1 document']);
    const byTag = await build({ groupBy: 'tag' });
    assert.deepEqual(byTag.groups.map((g) => [g.kind, g.heading]), [['tag', 'treaty'], ['orphaned', 'Orphaned annotations']]);
  });

  it('keeps only the review states asked for', async () => {
    const accepted = await build({ review: ['accepted'] });
    assert.deepEqual(accepted.groups, []);
    assert.deepEqual(accepted.review, ['accepted']);
    const drafts = await build({ review: ['draft', 'disputed'] });
    assert.deepEqual(drafts.groups.flatMap((g) => g.notes.map((n) => n.id)), ['pact', 'gone']);
  });

  it('renders sidecar text as text, never as links, commands or HTML', async () => {
    const md = renderMarkdown(await build());
    assert.ok(!md.includes('](command:'), 'no command link survives');
    assert.ok(!md.includes('<img'), 'no raw HTML survives');
    assert.match(md, /## First \\\[report\\\]/);
    assert.match(md, /### pact — \[one\.txt:2\]\(\.\/one\.txt#L2\)/);
    assert.match(md, /review: disputed · tags: treaty · actors: Ada Stone/);
    assert.match(md, /## Orphaned annotations/);
    assert.match(md, /\*\*Ada Stone\*\* — advises — \*\*Velmora\*\*; evidence: pact \(First \\\[report\\\] \\\(Wire, 2025\\-01\\-02\\\), \[one\.txt:2\]/);
  });

  it('names the document in each citation when grouped by actor, and links from where the notes are written', async () => {
    const md = renderMarkdown(await build({ groupBy: 'actor' }), { base: '../corpus' });
    assert.match(md, /### pact — First \\\[report\\\] \\\(Wire, 2025\\-01\\-02\\\), \[one\.txt:2\]\(\.\.\/corpus\/one\.txt#L2\)/);
  });

  it('writes one self-contained HTML page with everything escaped', async () => {
    const html = renderHtml(await build(), { base: 'a b' });
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.ok(!/<script|<img|<link|url\(/.test(html), 'no script, image or outside resource');
    assert.ok(html.includes('Untrusted: [click](command:workbench.action.terminal.new) &lt;img src=x onerror=alert(1)&gt;'), 'the note is shown as written');
    assert.match(html, /<h2>First \[report\]<\/h2>/);
    assert.match(html, /<a href="\.\/a%20b\/one\.txt#L2"><code>one\.txt:2<\/code><\/a>/);
    assert.match(html, /<span class="review review-disputed">disputed<\/span>/);
    assert.match(html, /<li><strong>contrasts<\/strong> → gone \(<code>one\.txt<\/code> \(orphaned\)\)/);
  });

  it('escapes every Markdown metacharacter, and HTML', () => {
    assert.equal(escapeMarkdown('*a* _b_ [c](d) `e` <f> #g'), '\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\`e\\` &lt;f&gt; \\#g');
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  describe('links to the articles', () => {
    // Notes built by hand: the sidecar reader refuses these paths, the renderer must not need it to.
    const notesCiting = (file: string): ReviewNotes => ({
      groupBy: 'actor',
      review: [...REVIEW_STATES],
      groups: [{ kind: 'none', key: '', heading: 'No actor', details: [], notes: [{ id: 'n', file, line: 3, quote: 'q', status: 'exact', tags: [], review: 'draft', actors: [], links: [{ type: 'related', to: 'n', file, line: 3 }] }] }],
      actors: [],
      relations: [{ from: 'a', to: 'b', type: 'advises', evidence: [{ id: 'n', file, line: 3 }] }],
    });
    const markdownLinks = (md: string): string[] => [...md.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    const htmlLinks = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

    for (const file of ['command:workbench.action.terminal.new', 'javascript:alert(1)', 'https://example.org/x.txt', 'folder/javascript:alert(1)']) {
      it(`never makes a link with a scheme from the path ${file}`, () => {
        for (const base of [undefined, '', '.', '..', 'corpus', '../my notes']) {
          const links = [...markdownLinks(renderMarkdown(notesCiting(file), { base })), ...htmlLinks(renderHtml(notesCiting(file), { base }))];
          assert.equal(links.length, 6, `three links in each format (base ${base})`);
          for (const link of links) {
            assert.match(link, /^\.\.?\//, `${link} is relative`);
            assert.doesNotMatch(link.split('#')[0], /[:()\s]/, `${link} has its colon, parentheses and spaces encoded`);
          }
        }
      });
    }

    it('percent-encodes spaces, # and parentheses in each segment, and starts with ./ or ../', () => {
      const file = 'a b/c#1 (draft).txt';
      assert.deepEqual(markdownLinks(renderMarkdown(notesCiting(file))).slice(0, 1), ['./a%20b/c%231%20%28draft%29.txt#L3']);
      assert.deepEqual(markdownLinks(renderMarkdown(notesCiting(file), { base: 'my corpus' })).slice(0, 1), ['./my%20corpus/a%20b/c%231%20%28draft%29.txt#L3']);
      assert.deepEqual(htmlLinks(renderHtml(notesCiting(file), { base: '../my corpus/' })).slice(0, 1), ['../my%20corpus/a%20b/c%231%20%28draft%29.txt#L3']);
      assert.deepEqual(htmlLinks(renderHtml(notesCiting('x.txt'), { base: 'file:///D:/corpus' })).slice(0, 1), ['file:///D:/corpus/x.txt#L3'], 'a corpus on another drive');
    });
  });
});

describe('suggest', () => {
  it('offers near-miss spellings of aliases and unknown names', async () => {
    const found = suggest(await CorpusIndex.build(new InMemoryCorpus(articles)));
    assert.deepEqual(found.variants.map((v) => [v.phrase, v.actorId, v.distance]), [['Ada Ston', 'ada', 1]]);
    const phrases = found.candidates.map((c) => `${c.phrase}×${c.count}`);
    assert.ok(phrases.includes('Ivo Tarn×3'), phrases.join(', ')); // the title goes, so every Ivo Tarn counts
    assert.ok(!phrases.some((p) => p.startsWith('Moreover')), 'a sentence-initial word is not a name');
    assert.ok(!phrases.some((p) => p.startsWith('Velmoran')), 'a demonym is not a variant');
  });

  it('finds people, states, places and organisations with the recogniser, trimmed of punctuation', () => {
    const entities = namedEntities('Minister Sarah Collins flew to France with the World Bank. Kim Jong-un stayed in Pyongyang, (Sarah Collins’s) aides said.');
    assert.deepEqual(entities.map((e) => [e.text, e.kind]), [
      ['Sarah Collins', 'person'], ['France', 'state'], ['World Bank', 'organization'], ['Kim Jong-un', 'person'], ['Pyongyang', 'place'], ['Sarah Collins', 'person'],
    ]);
    assert.deepEqual(entities.slice(0, 2).map((e) => [e.start, e.end]), [[9, 22], [31, 37]]);
  });

  it('offers recognised names with their kind and counts, minus known mentions and ignored phrases', async () => {
    const files = {
      'marginalia.yaml': 'version: 1\nactors:\n  vel: {name: Velmora, kind: state, aliases: [Velmora]}\n  kim: {name: Kim Jong Un, kind: person, aliases: [Kim Jong Un]}\nignoreSuggestions: [World Bank]\n',
      'a.txt': 'Sarah Collins met Velmora officials in France. The World Bank was absent.\n',
      'b.txt': 'Later Sarah Collins flew to France again. Kim Jong-un and Velmor stayed away from the World Bank.\n',
    };
    const found = suggest(await CorpusIndex.build(new InMemoryCorpus(files)));
    assert.deepEqual(found.candidates.map((c) => [c.phrase, c.kind, c.count, c.files]), [
      ['France', 'state', 2, ['a.txt', 'b.txt']],
      ['Sarah Collins', 'person', 2, ['a.txt', 'b.txt']],
    ]);
    assert.deepEqual(found.variants.map((v) => [v.phrase, v.actorId, v.distance]), [['Kim Jong-un', 'kim', 0], ['Velmor', 'vel', 1]], 'hyphenation and a dropped last letter');
  });

  it('does not offer demonyms and adjectives, and keeps an acronym whole', async () => {
    const files = {
      'marginalia.yaml': 'version: 1\nactors:\n  vel: {name: Velmora, kind: state, aliases: [Velmora]}\n',
      'a.txt': 'The Russian envoy met Velmora. Soviet planners and the U.N. agreed. The U.N. said so.\n',
      'b.txt': 'Later the Russian envoy left Velmora, and Soviet archives opened to the U.N. inspectors.\n',
    };
    const found = suggest(await CorpusIndex.build(new InMemoryCorpus(files)));
    assert.deepEqual(found.candidates.map((c) => c.phrase), ['U.N.']);
  });

  it('says where the variants of one article are, for the editor to underline', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus(articles));
    const occurrences = new SuggestionCollector(corpus).variantsIn('two.txt');
    assert.deepEqual(occurrences.map((o) => [o.phrase, o.actorId, o.alias, articles['two.txt'].slice(o.start, o.end)]), [['Ada Ston', 'ada', 'Ada Stone', 'Ada Ston']]);
  });

  it('splits text into runs of capitalised words', () => {
    assert.deepEqual(nameRuns('the Bank of England and U.S. Steel’s plan').map((r) => r.words.map((w) => w.text).join(' ')), ['Bank of England', 'U.S. Steel']);
  });

  it('folds case, accents, hyphens and spaces', () => {
    assert.equal(foldName('Kim Jong-un'), foldName('kim jong un'));
    assert.equal(foldName('P’yŏngyang'), foldName('Pyongyang'));
  });
});

describe('markdownCode', () => {
  const cases: [string, string][] = [
    ['Kim Jong-un', '`Kim Jong-un`'],
    ['treaty-000', '`treaty-000`'],
    ['a`b', '``a`b``'],
    ['`quoted`', '`` `quoted` ``'],
    ['two\nlines', '`two lines`'],
    ['[run](command:workbench.action.terminal.new) <b>', '`[run](command:workbench.action.terminal.new) <b>`'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(markdownCode(text), expected));
  }
});

import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { escapeMarkdown, markdownCode } from '../../src/core/markdownText';
import { buildReviewNotes, escapeHtml, NoteEntry, NotesOptions, quoteContext, renderHtml, renderMarkdown, renderNotes, ReviewNotes } from '../../src/core/report';
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
    assert.deepEqual(byActor.groups[0].details, ['person', 'also Stone', '2 mentions in 1 document']);
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
    assert.ok(md.includes('Untrusted: \\[click\\](command:workbench.action.terminal.new)'), 'the command link is shown as text');
    assert.ok(!/(^|[^\\])<img/m.test(md), 'no raw HTML survives');
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
    assert.match(html, /<li><strong>contrasts<\/strong> → gone \(<code>one\.txt<\/code> <span class="unplaced">\(orphaned\)<\/span>\)/);
  });

  it('renders a note\'s Markdown as in hovers: emphasis and web links work, in md and in HTML', async () => {
    const notes = await build();
    const entry = notes.groups.flatMap((g) => g.notes).find((n) => n.note)!;
    entry.note = 'Who **pays**? See [the memo](https://example.org/memo) and `code`.\n- first point';
    const md = renderMarkdown(notes);
    assert.ok(md.includes('Who **pays**? See [the memo](<https://example.org/memo>) and `code`.  \n- first point'), md);
    const html = renderHtml(notes);
    assert.ok(html.includes('<div class="note"><p>Who <strong>pays</strong>? See <a href="https://example.org/memo">the memo</a> and <code>code</code>.</p>\n<ul>\n<li>first point</li>\n</ul></div>'), html);
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
      groups: [{ kind: 'none', key: '', heading: 'No actor', details: [], notes: [{ id: 'n', file, line: 3, quote: 'q', status: 'exact', tags: [], review: 'draft', actors: [], mentioned: [], links: [{ type: 'related', to: 'n', file, line: 3 }], backlinks: [] }] }],
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

describe('reviewer notes: actors, backlinks, context and places', () => {
  const files = {
    'marginalia.yaml': `version: 1
documents:
  brief.txt: {title: Harbor brief}
actors:
  ada:
    name: Ada Stone
    kind: person
    aliases: [Ada Stone, Stone]
    memberOf: vel
    note: "Chairs the *harbor* board.\\nSee <b>minutes</b>."
  vel: {name: Velmora, kind: state, aliases: [Velmora]}
  ivo: {name: Ivo Tarn, kind: person, aliases: [Ivo Tarn], note: "Port [agent]."}
  kor: {name: Korvath, kind: state, aliases: [Korvath]}
annotations:
  levy_falls:
    file: brief.txt
    quote: Ada Stone said the levy would fall
    actors: [vel]
    links: [{to: port, type: supports}]
  port: {file: brief.txt, quote: Velmora}
  twice: {file: brief.txt, quote: the levy}
  lost: {file: brief.txt, quote: a sentence that is gone}
  closing:
    file: brief.txt
    quote: A new paragraph. Ivo Tarn
    links: [{to: twice, type: related}, {to: lost, type: contrasts}, {to: ghost, type: follows}]
`,
    // One paragraph over two lines (the context folds the line break), then a second paragraph.
    'brief.txt': 'Harbor brief\n\nAda Stone said the levy would fall next spring,\nand the levy would go to the ports of Velmora [sic] and its seven northern towns along the coast.\n\nA new paragraph. Ivo Tarn was not there.\n',
  };
  const corpus = (): Promise<CorpusIndex> => CorpusIndex.build(new InMemoryCorpus(files));
  const entry = (notes: ReviewNotes, id: string): NoteEntry => notes.groups.flatMap((g) => g.notes).find((n) => n.id === id)!;

  it('gives a short quote a few words either side, within its paragraph, with … where it was cut', async () => {
    const notes = buildReviewNotes(await corpus());
    assert.deepEqual(entry(notes, 'port').context, { before: '… would go to the ports of ', after: ' [sic] and its seven northern towns …' });
    assert.deepEqual(entry(notes, 'closing').context, { before: '', after: ' was not there.' }, 'a paragraph start and end need no …');
    assert.equal(entry(notes, 'levy_falls').context, undefined, 'a long quote stands alone');
    assert.equal(entry(notes, 'lost').context, undefined, 'an orphan has no place to take context from');
    const text = 'One two.\r\n\r\nThree Putin’s four\nfive.\n\nSix.';
    assert.deepEqual(quoteContext(text, { start: 18, end: 23 }), { before: 'Three ', after: '’s four five.' });
    assert.deepEqual(quoteContext('a b c d e f g h Putin i j k', { start: 16, end: 21 }, 2), { before: '… g h ', after: ' i j …' });
  });

  it('marks a short quote in its context: bold in Markdown, a highlight in HTML, the context escaped', async () => {
    const notes = buildReviewNotes(await corpus());
    assert.match(renderMarkdown(notes), /^> … would go to the ports of \*\*Velmora\*\* \\\[sic\\\] and its seven northern towns …$/m);
    assert.match(renderHtml(notes), /<blockquote><span class="context">… would go to the ports of <\/span><mark>Velmora<\/mark><span class="context"> \[sic\] and its seven northern towns …<\/span><\/blockquote>/);
    assert.match(renderHtml(notes), /<blockquote><mark>A new paragraph\. Ivo Tarn<\/mark><span class="context"> was not there\.<\/span><\/blockquote>/);
  });

  it('lists under each passage the passages that link to it, with the link type', async () => {
    const notes = buildReviewNotes(await corpus());
    assert.deepEqual(entry(notes, 'port').backlinks, [{ type: 'supports', from: 'levy_falls', quote: 'Ada Stone said the levy would fall', file: 'brief.txt', line: 3, title: 'Harbor brief', source: undefined, date: undefined }]);
    assert.deepEqual(entry(notes, 'levy_falls').backlinks, []);
    assert.deepEqual(entry(notes, 'twice').backlinks.map((b) => [b.from, b.type]), [['closing', 'related']]);
    assert.match(renderMarkdown(notes), /### port — \[brief\.txt:4\]\(\.\/brief\.txt#L4\)\n\n.*\n\n\*review: draft · also named: Velmora\*\n\n- linked from levy\\_falls \(supports; \[brief\.txt:3\]\(\.\/brief\.txt#L3\)\): “Ada Stone said the levy would fall”\n/);
    assert.match(renderHtml(notes), /<li class="backlink">linked from levy_falls \(<strong>supports<\/strong>; <a href="\.\/brief\.txt#L3"><code>brief\.txt:3<\/code><\/a>\): “Ada Stone said the levy would fall”<\/li>/);
  });

  it('cites an orphaned, an ambiguous and an unknown passage each as what it is', async () => {
    const notes = buildReviewNotes(await corpus());
    const links = entry(notes, 'closing').links;
    assert.deepEqual(links.map((l) => [l.to, l.unplaced, l.line, l.candidateLines]), [['twice', 'ambiguous', undefined, ['3', '4']], ['lost', 'orphaned', undefined, undefined], ['ghost', 'unknown', undefined, undefined]]);
    assert.deepEqual([entry(notes, 'twice').unplaced, entry(notes, 'lost').unplaced], ['ambiguous', 'orphaned']);
    const md = renderMarkdown(notes);
    assert.match(md, /- related → twice \(brief\.txt \(ambiguous: found at lines 3 and 4\)\): “the levy”/);
    assert.match(md, /- contrasts → lost \(brief\.txt \(orphaned\)\)/);
    assert.match(md, /- follows → ghost \(\(no annotation has this id\)\)/);
    assert.match(md, /### twice — Harbor brief, brief\.txt \(ambiguous: found at lines 3 and 4\)/);
    assert.match(md, /## Orphaned and ambiguous annotations/);
    const html = renderHtml(notes);
    assert.match(html, /→ twice \(<code>brief\.txt<\/code> <span class="unplaced">\(ambiguous: found at lines 3 and 4\)<\/span>\)/);
    assert.ok(!/twice[^\n]*\(orphaned\)/.test(md + html), 'an ambiguous passage is not called orphaned');
  });

  it('files an annotation under every actor it lists and every actor named inside its quote', async () => {
    const notes = buildReviewNotes(await corpus(), { groupBy: 'actor' });
    assert.deepEqual(notes.groups.map((g) => [g.heading, g.notes.map((n) => n.id)]), [
      ['Ada Stone', ['levy_falls']],
      ['Ivo Tarn', ['closing']],
      ['Velmora', ['levy_falls', 'port']],
      ['Orphaned and ambiguous annotations', ['twice', 'lost']],
    ]);
    assert.deepEqual(entry(notes, 'levy_falls').actors.map((a) => a.id), ['vel']);
    assert.deepEqual(entry(notes, 'levy_falls').mentioned.map((a) => a.id), ['ada'], 'named in the quote, not listed');
    const byDocument = buildReviewNotes(await corpus());
    assert.equal(byDocument.groups[0].notes.length, 3, 'each annotation once when grouped by document');
  });

  it('shows each actor’s note, kind and aliases at the head of its section, escaped', async () => {
    const notes = buildReviewNotes(await corpus(), { groupBy: 'actor' });
    const ada = notes.groups.find((g) => g.key === 'ada')!;
    assert.deepEqual(ada.details, ['person', 'also Stone', 'member of Velmora', '1 mention in 1 document']);
    assert.equal(ada.note, 'Chairs the *harbor* board.\nSee <b>minutes</b>.');
    const md = renderMarkdown(notes);
    assert.match(md, /## Ada Stone\n\n\*person · also Stone · member of Velmora · 1 mention in 1 document\*\n\nChairs the \*harbor\* board\. {2}\nSee \\<b>minutes\\<\/b>\.\n\n### levy\\_falls/);
    const html = renderHtml(notes);
    assert.match(html, /<section class="group group-actor" id="actor-ada">\n<h2>Ada Stone<\/h2>\n<p class="details">person · also Stone · member of Velmora · 1 mention in 1 document<\/p>\n<div class="note actor-note"><p>Chairs the <em>harbor<\/em> board\.<br>\nSee &lt;b&gt;minutes&lt;\/b&gt;\.<\/p><\/div>/);
    assert.ok(!html.includes('<b>'), 'no tag from the sidecar survives');
    assert.match(md, /## Other actors\n\n- \*\*Korvath\*\* — state · 0 mentions in 0 documents\n$/, 'only the actors without a section of their own');
    assert.match(html, /<h2>Other actors<\/h2>\n<table>\n.*\n<tr id="actor-kor"><td>Korvath<\/td>/);
  });

  it('describes the actors in an actors section when grouped by document or tag, linked from the passages in HTML', async () => {
    const notes = buildReviewNotes(await corpus(), { groupBy: 'tag' });
    assert.deepEqual(notes.actors.find((a) => a.id === 'ivo'), { id: 'ivo', name: 'Ivo Tarn', kind: 'person', aliases: [], note: 'Port [agent].', mentions: 1, files: { 'brief.txt': 1 } });
    const md = renderMarkdown(notes);
    assert.match(md, /## Actors\n\n- \*\*Ada Stone\*\* — person · also Stone · member of Velmora · 1 mention in 1 document {2}\n {2}Chairs the \*harbor\* board\. {2}\n {2}See \\<b>minutes\\<\/b>\.\n- \*\*Ivo Tarn\*\* — person · 1 mention in 1 document {2}\n {2}Port \\\[agent\\\]\.\n- \*\*Velmora\*\* — state · 1 mention in 1 document\n- \*\*Korvath\*\* — state · 0 mentions in 0 documents\n/);
    const html = renderHtml(notes);
    assert.match(html, /<tr id="actor-ada"><td>Ada Stone<br><span class="details">member of <a href="#actor-vel">Velmora<\/a><\/span><\/td><td>person<\/td><td>Stone<\/td><td>1<\/td><td class="note"><p>Chairs the <em>harbor<\/em> board\.<br>\nSee &lt;b&gt;minutes&lt;\/b&gt;\.<\/p><\/td><\/tr>/);
    assert.match(html, /<p class="facts">actors: <a href="#actor-vel">Velmora<\/a> · also named: <a href="#actor-ada">Ada Stone<\/a><\/p>/);
  });

  it('says the same in JSON: context, mentioned actors, backlinks, places and actor notes', async () => {
    const notes = JSON.parse(renderNotes(await corpus(), { format: 'json', groupBy: 'actor' })) as ReviewNotes;
    const port = entry(notes, 'port');
    assert.deepEqual(port.context, { before: '… would go to the ports of ', after: ' [sic] and its seven northern towns …' });
    assert.deepEqual(port.mentioned, [{ id: 'vel', name: 'Velmora' }]);
    assert.deepEqual(port.backlinks.map((b) => [b.from, b.type, b.line]), [['levy_falls', 'supports', 3]]);
    assert.deepEqual(entry(notes, 'closing').links.map((l) => l.unplaced ?? null), ['ambiguous', 'orphaned', 'unknown']);
    assert.equal(notes.groups.find((g) => g.key === 'ada')!.note, 'Chairs the *harbor* board.\nSee <b>minutes</b>.');
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

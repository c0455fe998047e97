import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { buildActorGraph } from '../../src/core/graph';
import { buildReviewNotes } from '../../src/core/report';
import { headlineOf, MAX_HEADLINE_LENGTH } from '../../src/core/titles';
import { InMemoryCorpus } from '../../src/core/workspace';

describe('headlines', () => {
  const cases: [string, string, string | undefined][] = [
    ['a short first line', 'Harbor talks resume in Port Ellis\nThe minister arrived on Tuesday.\n', 'Harbor talks resume in Port Ellis'],
    ['blank lines and spaces first', '\n\n   \n  Pier notice  \n\nThe old pier stays closed.', 'Pier notice'],
    ['a BOM and CRLF', '\uFEFFNotes from the delegation 🚤\r\nTarn met Reyes twice.\r\n', 'Notes from the delegation 🚤'],
    ['a lone CR', 'Old Mac notes\rsecond line', 'Old Mac notes'],
    ['one line and no line break', 'Only a headline', 'Only a headline'],
    ['a first line of exactly the limit', `${'h'.repeat(MAX_HEADLINE_LENGTH)}\nbody`, 'h'.repeat(MAX_HEADLINE_LENGTH)],
    ['a first line that is a paragraph', `${'A long opening sentence that runs on. '.repeat(5)}\nSecond line.`, undefined],
    ['a byline', 'By Mara Quill, Tidewater Wire\nAldmark signs the accord', undefined],
    ['a byline in capitals', 'BY A STAFF CORRESPONDENT\nHeadline', undefined],
    ['a translator', 'Translated by Ines Varga\nDuring the visit…', undefined],
    ['a translator and the language', 'Translated from the Velsanian by Aurelio Núñez.\nText', undefined],
    ['a parenthesised author', '(Ivo Tarn, Senior Fellow, Harbor Institute)\nThe visit began at dawn.', undefined],
    ['a headline that only starts with "By"', 'Bygone harbors of the north', 'Bygone harbors of the north'],
    ['a headline with a parenthesis inside', 'Velmora (again) leads the talks', 'Velmora (again) leads the talks'],
    ['an empty file', '', undefined],
    ['only white space and a BOM', '\uFEFF \r\n\t\n', undefined],
  ];
  for (const [what, text, expected] of cases) {
    it(`${what} → ${expected === undefined ? 'no headline' : JSON.stringify(expected.slice(0, 40))}`, () => {
      assert.equal(headlineOf(text), expected);
    });
  }
});

describe('article titles', () => {
  const sidecar = `version: 1
documents:
  titled.txt: {title: "The sidecar's title", source: Wire}
  blank-title.txt: {title: "  "}
actors:
  ada: {name: Ada Stone, kind: person, aliases: [Ada Stone]}
annotations:
  met: {file: untitled.txt, quote: Ada Stone met the press}
  byline: {file: by.txt, quote: Ada Stone spoke}
`;
  const articles = {
    'marginalia.yaml': sidecar,
    'titled.txt': 'A headline the sidecar overrides\nAda Stone was there.\n',
    'blank-title.txt': 'Headline under a blank title\nText.\n',
    'untitled.txt': '\r\nStone meets the press\r\nAda Stone met the press on Monday.\r\n',
    'by.txt': 'By Mara Quill\nAda Stone spoke.\n',
  };
  const build = (): Promise<CorpusIndex> => CorpusIndex.build(new InMemoryCorpus(articles));

  it('is the sidecar title, else the headline, else none', async () => {
    const corpus = await build();
    assert.equal(corpus.titleOf('titled.txt'), "The sidecar's title");
    assert.equal(corpus.titleOf('blank-title.txt'), 'Headline under a blank title', 'a blank title is no title');
    assert.equal(corpus.titleOf('untitled.txt'), 'Stone meets the press');
    assert.equal(corpus.titleOf('by.txt'), undefined, 'a byline is not a title');
    assert.equal(corpus.titleOf('missing.txt'), undefined);
  });

  it('follows the article text when it changes', async () => {
    const corpus = await build();
    corpus.setArticleText('untitled.txt', 'A new headline\nAda Stone met the press.\n');
    assert.equal(corpus.titleOf('untitled.txt'), 'A new headline');
  });

  it('names the documents of the notes and the graph', async () => {
    const corpus = await build();
    const notes = buildReviewNotes(corpus);
    assert.deepEqual(notes.groups.map((g) => [g.heading, g.details]), [
      ['by.txt', []],
      ['Stone meets the press', ['untitled.txt']],
    ]);
    assert.equal(notes.groups[1].notes[0].title, 'Stone meets the press', 'the citation names the article by its headline');
    assert.deepEqual(buildActorGraph(corpus).documents.map((d) => d.title), ['Headline under a blank title', undefined, "The sidecar's title", 'Stone meets the press']);
  });
});

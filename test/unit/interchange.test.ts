import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliRun, runMarginalia } from './runCli';
import { CorpusIndex } from '../../src/core/corpus';
import { normalizeForBrat } from '../../src/core/interchange/brat';
import { codePointOffset, utf16Offset } from '../../src/core/interchange/positions';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'interchange');

// A BOM, CRLF and LF lines, and an emoji (two UTF-16 code units, one code point) before passages.
const FERRY =
  '\ufeffFerry dispute drags on\n\nThe port council of Lindqvist voted on Tuesday to suspend the night ferry 🚢 until the harbour dredging is finished.\r\n' +
  'Councillor Mira Okafor called the vote "a pause, not a closure".\r\nThe ferry operator said the pause would cost the island its winter trade.\n' +
  'A pause, not a closure, was also the phrase the mayor used.\n';
const WINTER =
  'Island traders brace for winter\nShop owners on Vessa said the winter trade depends on the night ferry.\n' +
  'The night ferry carries fresh produce twice a week.\nWithout it, the night ferry schedule would be replaced by a weekly barge.\n';

const ACTORS = `version: 1
actors:
  okafor:
    name: Mira Okafor
    kind: person
    aliases: [Mira Okafor, Okafor]
  lindqvist:
    name: Lindqvist
    kind: place
    aliases: [Lindqvist]
`;

const ANNOTATED = `${ACTORS}relations:
  - from: okafor
    to: lindqvist
    type: represents
    evidence: [pause-quote]
annotations:
  suspend-vote:
    file: articles/ferry-dispute.txt
    quote: suspend the night ferry 🚢 until
    note: "Vote count not given.\\nCheck the council minutes."
    tags: [vote, ferry]
    actors: [lindqvist]
    author: Ines Ferreira
    created: 2026-01-05
    review: draft
    links:
      - to: winter-cost
        type: supports
  pause-quote:
    file: articles/ferry-dispute.txt
    quote: a pause, not a closure
    note: Okafor's framing.
    actors: [okafor]
    links:
      - to: suspend-vote
        type: related
  line-break:
    file: articles/ferry-dispute.txt
    quote: "its winter trade.\\nA pause"
    note: Spans a line break.
  winter-cost:
    file: articles/winter trade.txt
    quote: the winter trade depends on the night ferry
    tags: [trade]
    review: accepted
    links:
      - to: suspend-vote
        type: follows
`;

/** What JSON.parse gives: the assertions check it field by field. */
type Json = ReturnType<typeof JSON.parse>;

function run(args: string[], cwd: string): Promise<CliRun> {
  return runMarginalia([...args, '--no-cache'], cwd);
}

function writeCorpus(folder: string, sidecar: string): void {
  mkdirSync(path.join(folder, 'articles'), { recursive: true });
  writeFileSync(path.join(folder, 'articles', 'ferry-dispute.txt'), FERRY);
  writeFileSync(path.join(folder, 'articles', 'winter trade.txt'), WINTER);
  writeFileSync(path.join(folder, 'marginalia.yaml'), sidecar);
}

async function indexOf(folder: string): Promise<CorpusIndex> {
  return CorpusIndex.build(new NodeCorpusFileSystem(folder));
}

/** What an annotation is, anchor included, independent of how its selector is written. */
function essence(corpus: CorpusIndex, id: string): object {
  const a = corpus.index.annotations.get(id);
  assert.ok(a, `annotation ${id} exists`);
  return {
    file: a.file,
    range: corpus.anchorOf(id)?.range,
    status: corpus.anchorOf(id)?.status,
    note: a.note,
    tags: a.tags,
    actors: a.actors,
    links: a.links.map((l) => ({ to: l.to, type: l.type })),
    review: a.review,
    author: a.author,
    created: a.created,
  };
}

describe('interchange: W3C Web Annotations, Hypothesis, brat', () => {
  let dir: string;
  let original: string;
  let empty: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-interchange-'));
    original = path.join(dir, 'original');
    empty = path.join(dir, 'empty');
    writeCorpus(original, ANNOTATED);
    writeCorpus(empty, ACTORS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('converts between UTF-16 offsets and code points around an emoji', () => {
    const text = 'a🚢b';
    assert.deepEqual([0, 1, 3, 4].map((u) => codePointOffset(text, u)), [0, 1, 2, 3]);
    assert.deepEqual([0, 1, 2, 3].map((p) => utf16Offset(text, p)), [0, 1, 3, 4]);
  });

  it('exports W3C JSON-LD: a collection whose selectors, bodies, creator and ids come from the sidecar', async () => {
    const result = await run(['export', original, '--format', 'w3c', '-o', path.join(dir, 'out', 'notes.jsonld')], dir);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'notes.jsonld'), 'utf8'));
    assert.equal(json['@context'][0], 'http://www.w3.org/ns/anno.jsonld');
    assert.equal(json.type, 'AnnotationCollection');
    assert.equal(json.first.type, 'AnnotationPage');
    const items = json.first.items as Json[];
    assert.deepEqual(items.map((i) => i.id), ['#suspend-vote', '#pause-quote', '#line-break', '#winter-cost']);
    const vote = items[0];
    assert.equal(vote.type, 'Annotation');
    assert.equal(vote.target.source, 'articles/ferry-dispute.txt');
    assert.deepEqual(vote.creator, { type: 'Person', name: 'Ines Ferreira' });
    assert.equal(vote.created, '2026-01-05');
    assert.deepEqual(vote.body[0], { type: 'TextualBody', value: 'Vote count not given.\nCheck the council minutes.', format: 'text/markdown', purpose: 'commenting' });
    assert.deepEqual(vote.body.filter((b: Json) => b.purpose === 'tagging').map((b: Json) => b.value), ['vote', 'ferry']);
    const link = vote.body.find((b: Json) => b.purpose === 'linking');
    assert.equal(link.type, 'SpecificResource');
    assert.equal(link.source, 'articles/winter%20trade.txt', 'a relative IRI, percent-encoded');
    assert.equal(link.linkedAnnotation, '#winter-cost');
    assert.equal(link.linkType, 'supports');
    assert.equal(link.selector[0].exact, 'the winter trade depends on the night ferry');
    // The spec's TextPositionSelector counts code points of the text (BOM removed): slice the text that way.
    const texts: Record<string, string> = { 'articles/ferry-dispute.txt': FERRY.slice(1), 'articles/winter%20trade.txt': WINTER };
    for (const item of items) {
      const [quote, position] = item.target.selector;
      assert.equal(quote.type, 'TextQuoteSelector');
      assert.equal(position.type, 'TextPositionSelector');
      const points = Array.from(texts[item.target.source]);
      assert.equal(points.slice(position.start, position.end).join(''), quote.exact, `${item.id}: the position holds the quote`);
      assert.ok(points.slice(0, position.start).join('').endsWith(quote.prefix), `${item.id}: the prefix precedes it`);
    }
    // After the emoji the code point offset is one less than the UTF-16 one.
    const pause = items[1].target.selector[1];
    assert.equal(pause.start, FERRY.slice(1).indexOf('a pause, not a closure') - 1);
  });

  it('round trip: export, then import into a copy without annotations, gives back the same annotations and anchors', async () => {
    const file = path.join(dir, 'export.jsonld');
    assert.equal((await run(['export', original, '--format', 'w3c', '-o', file], dir)).code, 0);
    const imported = await run(['import', file, empty], dir);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /imported 4 annotations \(w3c\)/);
    const [before, after] = [await indexOf(original), await indexOf(empty)];
    assert.deepEqual([...after.index.annotations.keys()], [...before.index.annotations.keys()]);
    for (const id of before.index.annotations.keys()) assert.deepEqual(essence(after, id), essence(before, id), id);
    assert.ok(after.problems().every((p) => p.severity === 'info'), JSON.stringify(after.problems()));
    // Exported again, the copy says exactly what the original says.
    const again = path.join(dir, 'again.jsonld');
    assert.equal((await run(['export', empty, '--format', 'w3c', '-o', again], dir)).code, 0);
    assert.equal(readFileSync(again, 'utf8'), readFileSync(file, 'utf8'));
  });

  it('imports a W3C example written by another tool; reports the ambiguous and the missing quotes and does not place them', async () => {
    const result = await run(['import', path.join(FIXTURES, 'w3c-example.jsonld'), empty], dir);
    assert.equal(result.code, 1, 'some annotations could not be placed');
    assert.match(result.stdout, /not placed \(2\):/);
    assert.match(result.stdout, /anno\/any-ferry: its quote is ambiguous: it occurs 2 times in articles\/winter trade\.txt \(lines 2 and 4\)/);
    assert.match(result.stdout, /anno\/lost-quote: its quote "the council chamber was half empty for…" is not in articles\/ferry-dispute\.txt/);
    const corpus = await indexOf(empty);
    assert.deepEqual([...corpus.index.annotations.keys()], ['dredging-delay', 'second-ferry', 'barge-plan']);
    assert.deepEqual(essence(corpus, 'dredging-delay'), {
      file: 'articles/ferry-dispute.txt',
      range: { start: FERRY.slice(1).indexOf('until the harbour'), end: FERRY.slice(1).indexOf('until the harbour') + 'until the harbour dredging is finished'.length },
      status: 'exact',
      note: 'How long is the dredging *expected* to take?',
      tags: ['dredging'],
      actors: [],
      links: [],
      review: undefined,
      author: 'Tove Lind',
      created: '2026-02-01',
    });
    // Two copies of the quote: the position (in code points) chose the second.
    assert.equal(corpus.anchorOf('second-ferry')?.range?.start, WINTER.lastIndexOf('the night ferry'));
    assert.equal(corpus.index.annotations.get('second-ferry')?.note, 'The second mention: produce, not passengers.');
    assert.deepEqual(corpus.index.annotations.get('barge-plan')?.tags, ['logistics']);
  });

  it('places a quote that differs a little as a fuzzy match, says so, and stores the passage as the text has it', async () => {
    const file = path.join(dir, 'fuzzy.jsonld');
    const annotation = (id: string, exact: string, body: object[]): object => ({ id, type: 'Annotation', body, target: { source: 'articles/ferry-dispute.txt', selector: [{ type: 'TextQuoteSelector', exact }] } });
    writeFileSync(file, JSON.stringify([
      annotation('#typo', 'the harbour dredging is finnished', [{ type: 'TextualBody', value: 'Typed by hand.' }]),
      annotation('#passage-link', 'the island its winter trade', [{ type: 'SpecificResource', purpose: 'linking', source: 'articles/winter%20trade.txt' }]),
    ]));
    const result = await run(['import', file, empty], dir);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /typo: articles\/ferry-dispute\.txt:3 \(fuzzy, 97% similar: the passage differs from the quote\)/);
    assert.match(result.stdout, /warning: passage-link: 1 linking body names no annotation \(linkedAnnotation\), only a passage; left out/);
    const corpus = await indexOf(empty);
    assert.equal(corpus.index.annotations.get('typo')?.quote, 'the harbour dredging is finished');
    assert.equal(corpus.anchorOf('typo')?.status, 'exact');
  });

  it('imports a Hypothesis export: documents by URL name and by title; a reply and a foreign page are reported', async () => {
    const result = await run(['import', path.join(FIXTURES, 'hypothesis-export.json'), empty, '--json'], dir);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.format, 'hypothesis');
    assert.deepEqual(report.placed.map((p: Json) => [p.id, p.file, p.status]), [
      ['Qx7mP2aLEe-0k1b3cD9fAg', 'articles/ferry-dispute.txt', 'exact'],
      ['Rb2nQ9cLEe-1a2b3cD4eFg', 'articles/winter trade.txt', 'exact'],
    ]);
    assert.deepEqual(report.notPlaced.map((n: Json) => n.label), ['Sc3oR0dLEe-2b3c4dE5fGh', 'Td4pS1eLEe-3c4d5eF6gHi']);
    assert.match(report.notPlaced[0].reason, /no TextQuoteSelector/);
    assert.match(report.notPlaced[1].reason, /no article of the corpus matches its document \(https:\/\/elsewhere\.example\/unrelated-page, title "Something else entirely"\)/);
    const corpus = await indexOf(empty);
    const first = corpus.index.annotations.get('Qx7mP2aLEe-0k1b3cD9fAg')!;
    assert.equal(first.quote, 'a pause, not a closure');
    assert.equal(first.note, 'Okafor frames it as temporary; the operator does not.');
    assert.deepEqual(first.tags, ['framing', 'ferry']);
    assert.equal(first.author, 'rowan');
    assert.equal(first.created, '2026-01-07');
    assert.equal(corpus.anchorOf('Rb2nQ9cLEe-1a2b3cD4eFg')?.range?.start, WINTER.indexOf('carries fresh produce'));
  });

  it('never overwrites an id: the same annotation is left alone, a different one is imported under a new id and said so', async () => {
    const file = path.join(dir, 'export.jsonld');
    await run(['export', original, '--format', 'w3c', '-o', file], dir);
    const sidecarBefore = readFileSync(path.join(original, 'marginalia.yaml'), 'utf8');
    const same = await run(['import', file, original], dir);
    assert.equal(same.code, 0);
    assert.match(same.stdout, /suspend-vote: already in the sidecar with the same passage and note; left as it is/);
    assert.match(same.stdout, /imported 0 annotations/);
    assert.equal(readFileSync(path.join(original, 'marginalia.yaml'), 'utf8'), sidecarBefore, 'nothing written');

    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.first.items[0].body[0].value = 'A different note under the same id.';
    writeFileSync(file, JSON.stringify(json));
    const changed = await run(['import', file, original], dir);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /renamed suspend-vote → suspend-vote-2: an annotation "suspend-vote" already exists and differs; it was left as it is/);
    const corpus = await indexOf(original);
    assert.equal(corpus.index.annotations.get('suspend-vote')?.note, 'Vote count not given.\nCheck the council minutes.');
    assert.equal(corpus.index.annotations.get('suspend-vote-2')?.note, 'A different note under the same id.');
    assert.deepEqual(corpus.index.annotations.get('suspend-vote-2')?.links.map((l) => [l.to, l.type]), [['winter-cost', 'supports']]);
    assert.equal(corpus.index.annotations.size, 5);
  });

  it('--dry-run reports and writes nothing; unreadable input exits 2', async () => {
    const before = readFileSync(path.join(empty, 'marginalia.yaml'), 'utf8');
    const dry = await run(['import', path.join(FIXTURES, 'w3c-example.jsonld'), empty, '--dry-run'], dir);
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /would import 3 annotations \(w3c\), 2 not placed; nothing was written \(--dry-run\)/);
    assert.equal(readFileSync(path.join(empty, 'marginalia.yaml'), 'utf8'), before);
    writeFileSync(path.join(dir, 'bad.json'), '{ "items": [');
    const bad = await run(['import', path.join(dir, 'bad.json'), empty], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json: not JSON/);
    assert.equal((await run(['import', path.join(dir, 'missing.json'), empty], dir)).code, 2);
    writeFileSync(path.join(dir, 'other.json'), '{ "hello": "world" }');
    assert.match((await run(['import', path.join(dir, 'other.json'), empty], dir)).stderr, /no W3C Web Annotations found/);
    assert.equal((await run(['import'], dir)).code, 2);
    assert.equal(readFileSync(path.join(empty, 'marginalia.yaml'), 'utf8'), before);
  });

  describe('brat standoff', () => {
    it('writes .txt and .ann whose offsets, counted in code points of the .txt, hold the text', async () => {
      const out = path.join(dir, 'brat');
      const result = await run(['export', original, '--format', 'brat', '-o', out], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(readdirSync(out).sort(), ['annotation.conf', 'articles']);
      assert.deepEqual(readdirSync(path.join(out, 'articles')).sort(), ['ferry-dispute.ann', 'ferry-dispute.txt', 'winter trade.ann', 'winter trade.txt']);
      const txt = readFileSync(path.join(out, 'articles', 'ferry-dispute.txt'), 'utf8');
      assert.ok(!txt.startsWith('\ufeff') && !txt.includes('\r'), 'no BOM, LF line ends: every brat version counts the same');
      assert.equal(txt, FERRY.slice(1).replace(/\r\n/g, '\n'));
      const ann = readFileSync(path.join(out, 'articles', 'ferry-dispute.ann'), 'utf8');
      const points = Array.from(txt);
      const entities = new Map<string, { type: string; text: string }>();
      for (const line of ann.split('\n').filter((l) => l.startsWith('T'))) {
        const [id, typeAndOffsets, text] = line.split('\t');
        const [type, ...rest] = typeAndOffsets.split(' ');
        const fragments = rest.join(' ').split(';').map((f) => f.split(' ').map(Number));
        assert.equal(fragments.map(([s, e]) => points.slice(s, e).join('')).join(' '), text, line);
        entities.set(id, { type, text });
      }
      const byText = (text: string): string => [...entities].find(([, e]) => e.text === text)![0];
      assert.equal(entities.get(byText('Lindqvist'))!.type, 'Place');
      assert.equal(entities.get(byText('Mira Okafor'))!.type, 'Person');
      assert.equal(entities.get(byText('suspend the night ferry 🚢 until'))!.type, 'Annotation');
      // A passage across a line break is two fragments, as brat writes one.
      const lineBreak = ann.split('\n').find((l) => l.endsWith('\tits winter trade. A pause'));
      assert.match(lineBreak ?? '', /^T\d+\tAnnotation \d+ \d+;\d+ \d+\t/);
      const suspend = byText('suspend the night ferry 🚢 until');
      assert.ok(ann.includes(`\tAnnotatorNotes ${suspend}\tsuspend-vote | Vote count not given. Check the council minutes. | tags: vote, ferry | supports: winter-cost (articles/winter trade.txt:2)\n`), ann);
      assert.ok(ann.includes(`\trelated Arg1:${byText('a pause, not a closure')} Arg2:${suspend}\n`), 'a link inside one article is a relation');
      assert.ok(ann.includes(`\trepresents Arg1:${byText('Mira Okafor')} Arg2:${byText('Lindqvist')}\n`), 'an actor relation joins the mentions nearest its evidence');
      assert.match(readFileSync(path.join(out, 'annotation.conf'), 'utf8'), /\[entities\]\nPerson\nState\nOrganization\nPlace\nGroup\nOther\nAnnotation\n/);
      // An earlier export of ours may be replaced.
      assert.equal((await run(['export', original, '--format', 'brat', '-o', out], dir)).code, 0);
    });

    it('maps CRLF, lone CR and a BOM to the offsets of the LF text it writes', () => {
      const normal = normalizeForBrat('\ufeffa\r\nb\rc🚢d');
      assert.equal(normal.text, 'a\nb\nc🚢d');
      const original = '\ufeffa\r\nb\rc🚢d';
      const d = original.indexOf('d');
      assert.equal(normal.toPoints[normal.toText[d]], Array.from(normal.text).indexOf('d'));
    });

    it('refuses a folder inside the corpus, or one that holds other files, and writes nothing', async () => {
      const inside = await run(['export', original, '--format', 'brat', '-o', path.join(original, 'brat')], dir);
      assert.equal(inside.code, 2);
      assert.match(inside.stderr, /inside the corpus folder/);
      assert.ok(!existsSync(path.join(original, 'brat')));
      const busy = path.join(dir, 'busy');
      mkdirSync(busy);
      writeFileSync(path.join(busy, 'keep.txt'), 'mine');
      const refused = await run(['export', original, '--format', 'brat', '-o', busy], dir);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /is not empty and is not an earlier brat export/);
      assert.deepEqual(readdirSync(busy), ['keep.txt']);
      assert.equal((await run(['export', original, '--format', 'brat'], dir)).code, 2, 'brat needs -o DIR');
    });
  });
});

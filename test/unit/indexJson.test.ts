import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generate } from '../../bench/generate';
import { runCli } from '../../src/cli/main';
import { indexJsonText, JsonList, MentionTally, tallyMentions, writeInChunks } from '../../src/cli/indexJson';
import { CorpusIndex } from '../../src/core/corpus';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';

const ROOT = path.join(__dirname, '..', '..', '..');

async function indexJson(dir: string): Promise<string> {
  let stdout = '';
  const code = await runCli(['index', dir, '--json', '--no-cache'], { stdout: (t) => (stdout += t), stderr: () => undefined }, dir);
  assert.equal(code, 0);
  return stdout;
}

/**
 * What `index --json` wrote before it tallied in one pass: JSON.stringify of the whole object, each
 * actor's files taken from the core's mentionCounts and sorted as [file, count] pairs.
 */
async function assertAsBefore(dir: string): Promise<void> {
  const text = await indexJson(dir);
  assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + '\n', 'written exactly as JSON.stringify writes it');
  const corpus = await CorpusIndex.build(new NodeCorpusFileSystem(dir));
  const counts = corpus.mentionCounts();
  const printed = JSON.parse(text) as { actors: { id: string; total: number; mentions: Record<string, number> }[] };
  assert.equal(printed.actors.length, corpus.index.actors.size);
  for (const actor of printed.actors) {
    const before = Object.fromEntries([...(counts.get(actor.id) ?? new Map<string, number>())].sort());
    assert.deepEqual(Object.entries(actor.mentions), Object.entries(before), `${actor.id}: the same files, counts and order`);
    assert.equal(actor.total, Object.values(before).reduce((a, b) => a + b, 0));
  }
}

describe('index --json output step', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'marginalia-json-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the sample corpus as before', async () => {
    await assertAsBefore(path.join(ROOT, 'sample'));
  });

  it('writes a generated corpus as before, paths that begin other paths included', async () => {
    generate(dir, { articles: 60, actors: 12, annotations: 80, seed: 7 });
    // Files whose path is the whole beginning of another's: the old pair sort put "a.txt (copy).txt" first.
    const text = 'Report: Republic of Alvendor met Minister Kamir Telos. Alvendor said so.\n';
    for (const name of ['a.txt', 'a.txt (copy).txt', 'a.txt!.txt', 'a.txt,2.txt', 'a.txt.txt', 'é "quoted".txt', '😀.txt']) writeFileSync(path.join(dir, name), text);
    const corpus = await CorpusIndex.build(new NodeCorpusFileSystem(dir));
    const aliases = [...corpus.index.actors.values()].flatMap((a) => a.aliases);
    writeFileSync(path.join(dir, 'a.txt'), `${aliases.slice(0, 30).join(' and ')}.\n`);
    writeFileSync(path.join(dir, 'a.txt (copy).txt'), `${aliases.slice(0, 30).join(', ')}, ${aliases[0]}.\n`);
    await assertAsBefore(dir);
  });

  it('gives what JSON.stringify gives, whatever the values', () => {
    const paths = ['12', 'b.txt', 'a\n"b".txt', '\ud800.txt'];
    const tally = (...pairs: [number, number][]): MentionTally => {
      const t = new MentionTally({ paths, quoted: (i: number) => JSON.stringify(paths[i]), indexLike: (i: number) => paths[i] === '12' } as never);
      for (const [file, count] of pairs) {
        t.files.push(file);
        t.counts.push(count);
        t.total += count;
      }
      return t;
    };
    const value = {
      documents: [{ path: 'x', title: undefined, mentions: 2 }, { path: 'y\u2028', source: 'é', nested: { deep: [[], {}, [1, { a: null }]] } }],
      empty: [],
      skipped: undefined,
      actors: [
        { id: 'a', name: 'A', aliases: [], total: 0, mentions: tally() },
        { id: 'b', note: undefined, aliases: ['x', 'y'], total: 5, mentions: tally([1, 2], [2, 3]) },
        { id: 'c', total: 3, mentions: tally([1, 1], [0, 2]) },
        'not an object',
        [1, 2],
      ],
      annotations: [],
      problems: [{ line: null, message: 'tab\there' }],
      made: new JsonList([1, 2, 3], (n) => (n === 2 ? undefined : { n, list: [n] })),
      madeEmpty: new JsonList([], (n) => n),
    };
    assert.equal(indexJsonText(value), JSON.stringify(value, null, 2));
    assert.equal(indexJsonText({}), JSON.stringify({}, null, 2));
    assert.equal(indexJsonText({ actors: [] }), JSON.stringify({ actors: [] }, null, 2));
  });

  it('writes pieces in chunks of about a megabyte, nothing lost or reordered', () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${i}:${'x'.repeat(i % 700)};`);
    const writes: string[] = [];
    writeInChunks(pieces, (text) => writes.push(text));
    assert.equal(writes.join(''), pieces.join(''));
    assert.ok(writes.length > 1 && writes.length < 5, `${writes.length} writes`);
    writeInChunks([], (text) => writes.push(text));
    assert.ok(writes.every((text) => text.length > 0), 'no empty write');
  });

  it('tallies every actor, those never mentioned too', async () => {
    generate(dir, { articles: 20, actors: 40, annotations: 10, seed: 3 });
    const corpus = await CorpusIndex.build(new NodeCorpusFileSystem(dir));
    const tallies = tallyMentions(corpus);
    assert.equal(tallies.size, 40);
    const counts = corpus.mentionCounts();
    for (const [id, t] of tallies) assert.equal(t.total, [...(counts.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0));
  });
});

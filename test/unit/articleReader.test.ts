/**
 * The article reader (synchronous reads, a worker pool) gives the index that reading through
 * `readFile` on one thread gives: the same texts, mentions, anchors, problems and refusals, and the
 * same `index --json` bytes, with and without the cache, and when the workers cannot start.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { CorpusFileSystem, FileRefusedError } from '../../src/core/workspace';
import { articleReader, defaultWorkerScript, poolSize, WORKERS_VARIABLE } from '../../src/node/articleReader';
import { CorpusFolder } from '../../src/node/corpusFolder';
import { NodeIndexCache } from '../../src/node/indexCache';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';

const SIDECAR = `version: 1
actors:
  ostrava:
    name: Ostrava Council
    kind: organisation
    aliases: [Ostrava Council, the council]
    matchCase: false
  vell:
    name: Ida Vell
    kind: person
    aliases: [Ida Vell, Vell]
    exclude: [Vell Street]
  marrow:
    name: Marrowland
    kind: state
    aliases: [Marrowland, Marrowlanders]
annotations:
  exact:
    file: desk/story-003.txt
    quote: Ida Vell told the council
  moved:
    file: desk/story-010.txt
    quote: the ferry timetable
    start: 2
  fuzzy:
    file: desk/story-020.txt
    quote: the harbour fees were raised twice in one winter
  twice:
    file: same.txt
    quote: a repeated line
  gone:
    file: desk/story-030.txt
    quote: words that were never written anywhere
  refused:
    file: outside-link.txt
    quote: anything
  named:
    file: notes/extra.md
    quote: a note file named by the sidecar
  bad-bytes:
    file: latin.txt
    quote: caf
`;

/** Made-up sentences: none of this is taken from any corpus. */
const SENTENCES = [
  'Ida Vell told the council that the ferry timetable would change.',
  'The Ostrava Council met on Vell Street to discuss the harbour fees.',
  'MARROWLAND and Marrowland traders disagreed; THE COUNCIL did not.',
  'Marrowlanders said the harbour fees were raised twice in one winter.',
  'Nobody mentioned the bridge, the tunnel or the lighthouse.',
];

function story(i: number): string {
  const lines: string[] = [];
  for (let k = 0; k < 6 + (i % 5); k++) lines.push(SENTENCES[(i + k) % SENTENCES.length]);
  const text = lines.join(i % 3 === 0 ? '\n\n' : '\n') + '\n';
  return i % 7 === 0 ? text.replace(/\n/g, '\r\n') : text;
}

function makeCorpus(dir: string): string {
  const corpus = path.join(dir, 'corpus');
  mkdirSync(path.join(corpus, 'desk'), { recursive: true });
  mkdirSync(path.join(corpus, 'notes'));
  mkdirSync(path.join(dir, 'outside', 'folder'), { recursive: true });
  for (let i = 0; i < 60; i++) writeFileSync(path.join(corpus, 'desk', `story-${String(i).padStart(3, '0')}.txt`), story(i));
  writeFileSync(path.join(corpus, 'desk', 'story-020.txt'), story(20).replace('raised twice in one winter', 'raised two times in one winter'));
  writeFileSync(path.join(corpus, 'desk', 'story-010.txt'), 'A new first line moves everything.\n' + story(10));
  writeFileSync(path.join(corpus, 'same.txt'), 'a repeated line\nand again:\na repeated line\n');
  writeFileSync(path.join(corpus, 'bom.txt'), '\uFEFFIda Vell wrote with a byte-order mark.\n');
  writeFileSync(path.join(corpus, 'empty.txt'), '');
  writeFileSync(path.join(corpus, 'latin.txt'), Buffer.from('caf\xe9 in Marrowland\n', 'latin1'));
  writeFileSync(path.join(corpus, 'binary.txt'), Buffer.from([0x49, 0x64, 0x00, 0x01, 0x02]));
  writeFileSync(path.join(corpus, 'notes', 'extra.md'), 'This is a note file named by the sidecar, about Ida Vell.\n');
  writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR);
  writeFileSync(path.join(dir, 'outside', 'secret.txt'), 'Ida Vell, outside the corpus.\n');
  writeFileSync(path.join(dir, 'outside', 'folder', 'inner.txt'), 'Marrowland, outside the corpus.\n');
  symlinkSync(path.join('..', 'outside', 'secret.txt'), path.join(corpus, 'outside-link.txt'));
  symlinkSync(path.join('..', 'outside', 'folder'), path.join(corpus, 'linked'));
  symlinkSync('desk/story-001.txt', path.join(corpus, 'inside-link.txt'));
  symlinkSync('nowhere.txt', path.join(corpus, 'dangling.txt'));
  symlinkSync('loop-b.txt', path.join(corpus, 'loop-a.txt'));
  symlinkSync('loop-a.txt', path.join(corpus, 'loop-b.txt'));
  symlinkSync('/dev/zero', path.join(corpus, 'zero.txt'));
  mkdirSync(path.join(corpus, 'folder.txt'));
  execFileSync('mkfifo', [path.join(corpus, 'pipe.txt')]);
  return corpus;
}

/** Everything the index holds, as plain data. */
function snapshot(corpus: CorpusIndex): unknown {
  const named = ['notes/extra.md', 'outside-link.txt', 'linked/inner.txt', 'pipe.txt', 'zero.txt', 'folder.txt', 'dangling.txt', 'loop-a.txt', 'binary.txt'];
  return {
    articles: corpus.articlePaths().map((p) => {
      const article = corpus.article(p)!;
      return { path: p, text: article.text, invalidUtf8: article.invalidUtf8, mentions: article.mentions };
    }),
    anchors: corpus.anchoredAnnotations().map(({ annotation, result }) => [annotation.id, result]),
    problems: corpus.problems(),
    refusals: named.map((p) => [p, corpus.refusalOf(p)]),
    mentionCounts: [...corpus.mentionCounts()].map(([actor, files]) => [actor, [...files]]),
  };
}

/** The folder read through `readFile` only, as before the article reader. */
function throughReadFile(fs: NodeCorpusFileSystem): CorpusFileSystem {
  return { readFile: (p) => fs.readFile(p), listArticles: () => fs.listArticles(), writeFileAtomic: (p, d, o) => fs.writeFileAtomic(p, d, o) };
}

async function withWorkers<T>(count: string | undefined, run: () => Promise<T>): Promise<T> {
  const before = process.env[WORKERS_VARIABLE];
  if (count === undefined) delete process.env[WORKERS_VARIABLE];
  else process.env[WORKERS_VARIABLE] = count;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env[WORKERS_VARIABLE];
    else process.env[WORKERS_VARIABLE] = before;
  }
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('article reader: synchronous reads and the worker pool', () => {
  let dir: string;
  let corpus: string;
  let fs: NodeCorpusFileSystem;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-pool-'));
    corpus = makeCorpus(dir);
    fs = new NodeCorpusFileSystem(corpus);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds its worker script in the TypeScript build as in the bundle', () => {
    assert.ok(defaultWorkerScript(), 'articleWorkerMain.js beside articleReader.js');
  });

  it('reads every file synchronously as readFile does: the same bytes, the same refusals with the same reasons', async () => {
    const folder = new CorpusFolder(corpus);
    const names = [...(await fs.listArticles()), 'marginalia.yaml', 'notes/extra.md', 'folder.txt', 'linked/inner.txt', 'missing.txt', 'no/such/folder.txt'];
    const outcome = async (read: () => Promise<Uint8Array | undefined>): Promise<unknown> => {
      try {
        const bytes = await read();
        return bytes === undefined ? 'missing' : Buffer.from(bytes).toString('base64');
      } catch (error) {
        return error instanceof FileRefusedError ? `refused: ${error.reason}` : `error: ${(error as Error).message}`;
      }
    };
    const refused: string[] = [];
    for (const name of names) {
      const expected = await outcome(() => folder.readFile(name));
      assert.deepEqual(await outcome(async () => folder.readFileSync(name)), expected, name);
      if (String(expected).startsWith('refused')) refused.push(name);
    }
    assert.deepEqual(refused.sort(), ['dangling.txt', 'folder.txt', 'linked/inner.txt', 'loop-a.txt', 'loop-b.txt', 'outside-link.txt', 'pipe.txt', 'zero.txt']);
  });

  it('builds the same index with the pool, on this thread, and through readFile', async () => {
    const reads: { workers: number; fellBack: number }[] = [];
    const pooled = await CorpusIndex.build({ ...throughReadFile(fs), articleReader: () => articleReader(corpus, { workerScript: defaultWorkerScript(), size: () => 3, onRead: (how) => reads.push(how) }) });
    const here = await CorpusIndex.build({ ...throughReadFile(fs), articleReader: () => articleReader(corpus, { onRead: (how) => reads.push(how) }) });
    const before = await CorpusIndex.build(throughReadFile(fs));
    assert.deepEqual(reads, [{ workers: 3, fellBack: 0 }, { workers: 0, fellBack: 0 }]);
    const expected = snapshot(before);
    assert.deepEqual(snapshot(pooled), expected);
    assert.deepEqual(snapshot(here), expected);
    // The fixture holds what it is meant to: refusals, a binary file, bad bytes, every kind of anchor.
    const codes = new Set(before.problems().map((p) => p.code));
    for (const code of ['not-read', 'binary-file', 'not-utf8', 'orphaned', 'ambiguous-anchor', 'fuzzy-anchor', 'moved-anchor']) assert.ok(codes.has(code), code);
    assert.ok(before.article('notes/extra.md'), 'a file the sidecar names is read whatever its extension');
    assert.ok(before.article('desk/story-003.txt')!.mentions.length > 0);
  });

  it('reads on this thread, with the same index, when the workers cannot start', async () => {
    const reads: { workers: number; fellBack: number }[] = [];
    const fallback = await CorpusIndex.build({ ...throughReadFile(fs), articleReader: () => articleReader(corpus, { workerScript: path.join(dir, 'no-such-worker.js'), size: () => 2, onRead: (how) => reads.push(how) }) });
    assert.deepEqual(reads, [{ workers: 2, fellBack: 2 }]);
    assert.deepEqual(snapshot(fallback), snapshot(await CorpusIndex.build(throughReadFile(fs))));
  });

  it('takes the mentions of unchanged articles from the cache with the pool, and matches only the changed one', async () => {
    const cacheRoot = path.join(dir, 'cache');
    const build = async (): Promise<{ corpus: CorpusIndex; cache: NodeIndexCache }> => {
      const cache = (await NodeIndexCache.open(corpus, cacheRoot))!;
      const built = await CorpusIndex.build({ ...throughReadFile(fs), articleReader: () => articleReader(corpus, { workerScript: defaultWorkerScript(), size: () => 2 }) }, undefined, undefined, cache);
      await cache.save();
      return { corpus: built, cache };
    };
    const cold = await build();
    const texts = cold.corpus.articlePaths().length;
    assert.equal(cold.cache.counts.mentionHits, 0);
    const warm = await build();
    assert.deepEqual({ hits: warm.cache.counts.mentionHits, misses: warm.cache.counts.mentionMisses }, { hits: texts, misses: 0 });
    assert.deepEqual(snapshot(warm.corpus), snapshot(cold.corpus));
    const changed = path.join(corpus, 'desk', 'story-005.txt');
    writeFileSync(changed, story(5) + 'Vell answered the Marrowlanders.\n');
    try {
      const third = await build();
      assert.equal(third.cache.counts.mentionHits, texts - 1);
      assert.deepEqual(snapshot(third.corpus), snapshot(await CorpusIndex.build(throughReadFile(fs))));
    } finally {
      writeFileSync(changed, story(5));
    }
  });

  it('builds the same index when texts are let go of after the build and read again when asked for, cold and warm', async () => {
    const settle = process.env.MARGINALIA_CACHE_SETTLE_MS;
    process.env.MARGINALIA_CACHE_SETTLE_MS = '0'; // the fixture was written a moment ago: trust its stamps
    try {
      const cacheRoot = path.join(dir, 'cache-unread');
      const reads: string[] = [];
      const build = async (): Promise<{ corpus: CorpusIndex; cache: NodeIndexCache }> => {
        const cache = (await NodeIndexCache.open(corpus, cacheRoot))!;
        const readFileSync = (p: string): Uint8Array | undefined => {
          reads.push(p);
          return fs.readFileSync(p);
        };
        const built = await CorpusIndex.build({ ...throughReadFile(fs), readFileSync, articleReader: () => articleReader(corpus, { workerScript: defaultWorkerScript(), size: () => 2 }) }, undefined, undefined, cache);
        await cache.save();
        return { corpus: built, cache };
      };
      const expected = snapshot(await CorpusIndex.build(throughReadFile(fs)));
      const cold = await build();
      assert.equal(reads.length, 0, 'the pool read them: none read again yet');
      assert.deepEqual(snapshot(cold.corpus), expected);
      assert.ok(reads.includes('desk/story-003.txt'), 'texts let go of are read again for the snapshot');
      reads.length = 0;
      const warm = await build();
      assert.ok(warm.cache.counts.articlesUnread > 0);
      assert.deepEqual(snapshot(warm.corpus), expected);
    } finally {
      if (settle === undefined) delete process.env.MARGINALIA_CACHE_SETTLE_MS;
      else process.env.MARGINALIA_CACHE_SETTLE_MS = settle;
    }
  });

  it('reads here the rest of the slice of a worker that stopped half-way', async () => {
    const big = path.join(dir, 'big');
    mkdirSync(big);
    for (let i = 0; i < 1200; i++) writeFileSync(path.join(big, `story-${String(i).padStart(4, '0')}.txt`), story(i));
    writeFileSync(path.join(big, 'marginalia.yaml'), 'version: 1\nactors:\n  vell:\n    name: Vell\n    kind: person\n    aliases: [Vell]\n');
    // The real worker, stopped after its first chunk (of 512 articles) is sent.
    const stopping = path.join(dir, 'stopping-worker.js');
    const marker = path.join(dir, 'stopped-after-one-chunk');
    writeFileSync(stopping, `const { parentPort } = require('node:worker_threads');
const post = parentPort.postMessage.bind(parentPort);
let chunks = 0;
parentPort.postMessage = (message, transfer) => {
  if ('chunk' in message && chunks++ === 1) {
    require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'stopped');
    process.exit(3);
  }
  post(message, transfer);
};
require(${JSON.stringify(path.join(path.dirname(defaultWorkerScript()!), 'articleReader.js'))}).answerArticleRequests();
`);
    const reads: { workers: number; fellBack: number }[] = [];
    const bigFs = new NodeCorpusFileSystem(big);
    const stopped = await CorpusIndex.build({ ...throughReadFile(bigFs), articleReader: () => articleReader(big, { workerScript: stopping, size: () => 2, onRead: (how) => reads.push(how) }) });
    assert.deepEqual(reads, [{ workers: 2, fellBack: 2 }]);
    assert.ok(existsSync(marker), 'a worker sent a chunk before it stopped');
    assert.equal(stopped.articlePaths().length, 1200);
    assert.deepEqual(snapshot(stopped), snapshot(await CorpusIndex.build(throughReadFile(bigFs))));
  });

  it('writes the same index --json, byte for byte, with the pool and on one thread, cold and warm', async () => {
    const outputs = new Map<string, string>();
    for (const [label, workers, args] of [
      ['one thread, no cache', '0', ['--no-cache']],
      ['pool, no cache', '3', ['--no-cache']],
      ['pool, cold cache', '2', []],
      ['pool, warm cache', '2', []],
      ['one thread, warm cache', '1', []],
      ['default', undefined, []],
    ] as const) {
      const result = await withWorkers(workers, () => cli(['index', corpus, '--json', ...args]));
      assert.equal(result.code, 0, `${label}: ${result.stderr}`);
      outputs.set(label, result.stdout);
    }
    const [first, ...rest] = [...outputs];
    assert.ok(first[1].includes('"ostrava"'));
    for (const [label, output] of rest) assert.ok(output === first[1], `${label} differs from ${first[0]}`);
  });

  it('sizes the pool to the cores, and to no workers for a small corpus or when told', () => {
    assert.equal(poolSize(10, {}), 0);
    assert.equal(poolSize(100_000, { [WORKERS_VARIABLE]: '1' }), 0);
    assert.equal(poolSize(100_000, { [WORKERS_VARIABLE]: '0' }), 0);
    assert.equal(poolSize(5, { [WORKERS_VARIABLE]: '3' }), 3);
    assert.ok(poolSize(100_000, {}) <= 8);
  });
});

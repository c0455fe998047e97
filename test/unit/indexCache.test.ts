import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { runCli } from '../../src/cli/main';
import { hasMissingSpans, hasSpan, resolveAllSpans } from '../../src/core/sidecar/lazySpans';
import { parseSidecar, parseSidecarWithYaml, withLazyDocument } from '../../src/core/sidecar/read';
import { IndexCacheCounts, isSelectorKey, selectorKey } from '../../src/core/indexCache';
import * as fc from 'fast-check';
import { NodeIndexCache } from '../../src/node/indexCache';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';
import { CorpusIndex } from '../../src/core/corpus';

const SIDECAR = `version: 1
actors:
  mara:
    name: Mara Velt
    kind: person
    aliases: [Mara Velt, Velt]
  ostland:
    name: Ostland
    kind: state
    aliases: [Ostland]
    note: a state
annotations:
  harbour:
    file: one.txt
    quote: the harbour deal
    note: First look.
  toll:
    file: sub dir/two.txt
    quote: Ostland raised the toll
`;

const ARTICLES: Record<string, string> = {
  'one.txt': 'Mara Velt signed the harbour deal with Ostland.\nVelt said little.\n',
  'sub dir/two.txt': 'Ostland raised the toll. Velt objected 🚢.\r\n',
  'three.txt': 'Nobody here is named.\n',
};

interface Run {
  code: number;
  stdout: string;
  counts?: IndexCacheCounts;
}

describe('the index cache (CLI)', () => {
  let dir: string;
  let corpus: string;
  let cacheDir: string;
  let saved: { dir?: string; trace?: string };

  beforeEach(() => {
    // Taken here, not when the file loads: the unit tier's root hook sets the cache folder later.
    saved = { dir: process.env.MARGINALIA_CACHE_DIR, trace: process.env.MARGINALIA_CACHE_TRACE };
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-cache-'));
    corpus = path.join(dir, 'corpus');
    cacheDir = path.join(dir, 'cache');
    for (const [file, text] of Object.entries(ARTICLES)) {
      mkdirSync(path.dirname(path.join(corpus, file)), { recursive: true });
      writeFileSync(path.join(corpus, file), text);
    }
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR);
    process.env.MARGINALIA_CACHE_DIR = cacheDir;
    process.env.MARGINALIA_CACHE_TRACE = '1';
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [['MARGINALIA_CACHE_DIR', saved.dir], ['MARGINALIA_CACHE_TRACE', saved.trace]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function run(...args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...args, 'corpus'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, dir);
    const trace = /^marginalia: cache .*?: (\{.*\})$/m.exec(stderr);
    return { code, stdout, counts: trace ? (JSON.parse(trace[1]) as IndexCacheCounts) : undefined };
  }

  /** `index --json` through the cache; asserts it equals a run without it. */
  async function indexMatchingNoCache(): Promise<IndexCacheCounts> {
    const cached = await run('index', '--json');
    const fresh = await run('index', '--json', '--no-cache');
    assert.equal(fresh.counts, undefined, '--no-cache has no cache to trace');
    assert.equal(cached.code, 0);
    assert.equal(cached.stdout, fresh.stdout);
    return cached.counts!;
  }

  const cacheFiles = (): string[] => {
    const folders = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
    return folders.flatMap((f) => readdirSync(path.join(cacheDir, f)).map((name) => path.join(cacheDir, f, name)));
  };

  it('gives the same output from the cache, and the second run reads nothing but the files', async () => {
    const first = await run('index', '--json');
    assert.deepEqual(first.counts, { sidecarHits: 0, sidecarMisses: 1, mentionHits: 0, mentionMisses: 3, articlesUnread: 0, filesWritten: 2 });
    const second = await run('index', '--json');
    assert.deepEqual(second.counts, { sidecarHits: 1, sidecarMisses: 0, mentionHits: 3, mentionMisses: 0, articlesUnread: 0, filesWritten: 0 });
    const fresh = await run('index', '--json', '--no-cache');
    assert.equal(second.stdout, first.stdout);
    assert.equal(fresh.stdout, first.stdout);
    // The other commands use it too, and say the same as without it.
    for (const command of ['check', 'export']) assert.equal((await run(command)).stdout, (await run(command, '--no-cache')).stdout);
  });

  it('re-reads the sidecar when it changes, and keeps the mentions when no alias did', async () => {
    await run('index', '--json');
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('note: First look.', 'note: Second look.\n    tags: [port]'));
    assert.deepEqual(await indexMatchingNoCache(), { sidecarHits: 0, sidecarMisses: 1, mentionHits: 3, mentionMisses: 0, articlesUnread: 0, filesWritten: 1 });
  });

  it('matches again only the article that changed', async () => {
    await run('index', '--json');
    writeFileSync(path.join(corpus, 'three.txt'), 'Now Ostland is named, and Mara Velt.\n');
    assert.deepEqual(await indexMatchingNoCache(), { sidecarHits: 1, sidecarMisses: 0, mentionHits: 2, mentionMisses: 1, articlesUnread: 0, filesWritten: 1 });
  });

  it('sees a change that keeps the size and modification time (the hash decides, not stat)', async () => {
    await run('index', '--json');
    const file = path.join(corpus, 'one.txt');
    const before = statSync(file);
    writeFileSync(file, ARTICLES['one.txt'].replace('Mara Velt', 'Mara Vext'));
    utimesSync(file, before.atime, before.mtime);
    assert.equal(statSync(file).size, before.size);
    const counts = await indexMatchingNoCache();
    assert.equal(counts.mentionMisses, 1);
  });

  it("matches every article again when one actor's aliases, exclusions or case change", async () => {
    await run('index', '--json');
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('aliases: [Mara Velt, Velt]', 'aliases: [Mara Velt]'));
    assert.deepEqual(await indexMatchingNoCache(), { sidecarHits: 0, sidecarMisses: 1, mentionHits: 0, mentionMisses: 3, articlesUnread: 0, filesWritten: 2 });
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('aliases: [Ostland]', 'aliases: [Ostland]\n    matchCase: false'));
    assert.equal((await indexMatchingNoCache()).mentionMisses, 3);
    // Another actor's note is not an alias: nothing to match again.
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('aliases: [Ostland]', 'aliases: [Ostland]\n    matchCase: false').replace('note: a state', 'note: a small state'));
    assert.equal((await indexMatchingNoCache()).mentionHits, 3);
  });

  describe('a damaged or foreign cache file is ignored and replaced', () => {
    const damage: [string, (data: Buffer) => Buffer][] = [
      ['random bytes', (data) => Buffer.from(Array.from({ length: data.length }, (_, i) => (i * 7919 + 13) % 256))],
      ['cut short', (data) => data.subarray(0, Math.floor(data.length / 2))],
      ['empty', () => Buffer.alloc(0)],
      ['one payload byte flipped', (data) => {
        const copy = Buffer.from(data);
        copy[copy.length - 10] ^= 0xff;
        return copy;
      }],
      ['another format version, checksum right', (data) => rewriteHeader(data, (header) => ({ ...header, format: (header.format as number) + 1 }))],
      ['another key, checksum right', (data) => rewriteHeader(data, (header) => ({ ...header, key: String(header.key).replace(/[0-9a-f]/, 'x') }))],
      ['a well-formed payload of something else', (data) => rewriteHeader(data, (header) => header, Buffer.from(JSON.stringify({ not: 'a cache' })))],
    ];
    for (const [what, change] of damage) {
      it(what, async () => {
        await run('index', '--json');
        const files = cacheFiles();
        assert.equal(files.length, 2);
        for (const file of files) writeFileSync(file, change(readFileSync(file)));
        const counts = await indexMatchingNoCache();
        assert.deepEqual(counts, { sidecarHits: 0, sidecarMisses: 1, mentionHits: 0, mentionMisses: 3, articlesUnread: 0, filesWritten: 2 });
        assert.deepEqual((await run('index', '--json')).counts, { sidecarHits: 1, sidecarMisses: 0, mentionHits: 3, mentionMisses: 0, articlesUnread: 0, filesWritten: 0 }, 'rebuilt');
      });
    }
  });

  it('writes nothing inside the corpus folder, even when told to keep the cache there', async () => {
    const before = snapshot(corpus);
    await run('index', '--json');
    await run('index', '--json');
    await run('check');
    assert.deepEqual(snapshot(corpus), before);
    assert.equal(cacheFiles().length, 2);

    process.env.MARGINALIA_CACHE_DIR = path.join(corpus, '.cache');
    const inside = await run('index', '--json');
    assert.equal(inside.counts, undefined, 'no cache at all');
    assert.equal(inside.stdout, (await run('index', '--json', '--no-cache')).stdout);
    assert.deepEqual(snapshot(corpus), before);
  });

  it('changes nothing in the output when the cache cannot be written, and --no-cache writes none', async () => {
    writeFileSync(path.join(dir, 'a file'), '');
    process.env.MARGINALIA_CACHE_DIR = path.join(dir, 'a file', 'cache'); // a folder under a file: every write fails
    const unwritable = await run('index', '--json');
    assert.equal(unwritable.code, 0);
    assert.equal(unwritable.counts?.filesWritten, 0);
    assert.equal(unwritable.stdout, (await run('index', '--json', '--no-cache')).stdout);

    process.env.MARGINALIA_CACHE_DIR = cacheDir;
    await run('index', '--json', '--no-cache');
    assert.deepEqual(cacheFiles(), []);
  });
});

describe('the index cache (a sidecar through it)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'marginalia-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Everything the parse holds comes back: Maps in their order, spans, relations, documents,
  // ignored suggestions, problems with their ranges. (An optional field the parse holds as
  // undefined comes back absent: the same entry to every reader.)
  const sidecars: [string, (corpus: string) => void][] = [
    ['the sample corpus', (corpus) => writeFileSync(path.join(corpus, 'marginalia.yaml'), readFileSync(path.join(__dirname, '..', '..', '..', 'sample', 'marginalia.yaml')))],
    ['a sidecar with problems', (corpus) => writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('  toll:\n', '  toll:\n    quote: twice\n').replace('kind: state', 'kind: planet') + 'relations:\n  - {from: mara, to: nobody, type: ally}\n')],
    ['an invalid sidecar', (corpus) => writeFileSync(path.join(corpus, 'marginalia.yaml'), 'version: 1\nactors: [unclosed\n')],
  ];
  for (const [what, write] of sidecars) {
    it(`gives back the parse of ${what} exactly`, async () => {
      const corpus = path.join(dir, 'corpus');
      mkdirSync(corpus);
      write(corpus);
      const bytes = readFileSync(path.join(corpus, 'marginalia.yaml'));
      const parsed = parseSidecar(bytes.toString('utf8'));
      const writer = (await NodeIndexCache.open(corpus, path.join(dir, 'cache')))!;
      assert.equal(await writer.sidecar('marginalia.yaml', bytes), undefined);
      writer.storeSidecar('marginalia.yaml', bytes, parsed);
      await writer.save();
      const reader = (await NodeIndexCache.open(corpus, path.join(dir, 'cache')))!;
      const cached = await reader.sidecar('marginalia.yaml', bytes);
      assert.deepEqual(data(cached), data({ index: parsed.index, problems: parsed.problems, invalid: parsed.invalid }));
      for (const map of ['documents', 'actors', 'annotations'] as const) assert.deepEqual([...cached!.index[map].keys()], [...parsed.index[map].keys()], `${map} in sidecar order`);
      assert.ok(parsed.problems.length > 0 || what === 'the sample corpus');
      assert.equal(await reader.sidecar('marginalia.yaml', Buffer.concat([bytes, Buffer.from('\n')])), undefined, 'other bytes: a miss');
    });
  }

  it('keeps a fast read without the spans not yet computed, which come back from yaml when asked for', async () => {
    const corpus = path.join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR);
    const bytes = readFileSync(path.join(corpus, 'marginalia.yaml'));
    const parsed = parseSidecar(SIDECAR);
    void parsed.index.actors.get('ostland')!.span; // computed before the store: kept as it is
    assert.ok(hasMissingSpans(parsed.index), 'read by the fast reader, spans left to compute');
    const writer = (await NodeIndexCache.open(corpus, path.join(dir, 'cache')))!;
    writer.storeSidecar('marginalia.yaml', bytes, parsed);
    await writer.save();
    const cached = (await (await NodeIndexCache.open(corpus, path.join(dir, 'cache')))!.sidecar('marginalia.yaml', bytes))!;
    assert.ok(hasSpan(cached.index.actors.get('ostland')!));
    assert.ok(!hasSpan(cached.index.actors.get('mara')!));
    // As `CorpusIndex.build` takes a hit.
    const hit = withLazyDocument({ text: SIDECAR, ...cached });
    const yaml = parseSidecarWithYaml(SIDECAR);
    assert.deepEqual(hit.index.annotations.get('toll')!.span, yaml.index.annotations.get('toll')!.span);
    resolveAllSpans(hit.index);
    assert.deepEqual(data(hit.index), data(yaml.index));
  });
});

/** `value`'s own enumerable data, as plain objects and maps, without the fields that hold undefined. */
function data(value: unknown): unknown {
  if (value instanceof Map) return new Map([...value].map(([key, entry]) => [key, data(entry)]));
  if (Array.isArray(value)) return value.map(data);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined).map(([key, field]) => [key, data(field)]));
}

/** Every file under `root` with its bytes' hash, and every folder. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    entries[path.relative(root, full)] = entry.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'folder';
  }
  return entries;
}

/** A cache file with its header changed (and its payload, if given), length and checksum made right again. */
function rewriteHeader(data: Buffer, change: (header: Record<string, unknown>) => Record<string, unknown>, newPayload?: Buffer): Buffer {
  const magic = data.indexOf('\n') + 1;
  const headerLength = data.readUInt32LE(magic);
  const header = JSON.parse(data.subarray(magic + 4, magic + 4 + headerLength).toString('utf8')) as Record<string, unknown>;
  const payload = newPayload ?? data.subarray(magic + 4 + headerLength);
  const text = Buffer.from(JSON.stringify({ ...change(header), length: payload.length, crc32: crc32(payload) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  return Buffer.concat([data.subarray(0, magic), length, text, payload]);
}

describe('the index cache: articles whose files are unchanged are not read', () => {
  let dir: string;
  let corpus: string;
  let savedSettle: string | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-unread-'));
    corpus = path.join(dir, 'corpus');
    for (const [file, text] of Object.entries(ARTICLES)) {
      mkdirSync(path.dirname(path.join(corpus, file)), { recursive: true });
      writeFileSync(path.join(corpus, file), text);
    }
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR);
    // Files written a moment ago are trusted by their stamp here; the last test shows the default does not.
    savedSettle = process.env.MARGINALIA_CACHE_SETTLE_MS;
    process.env.MARGINALIA_CACHE_SETTLE_MS = '0';
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (savedSettle === undefined) delete process.env.MARGINALIA_CACHE_SETTLE_MS;
    else process.env.MARGINALIA_CACHE_SETTLE_MS = savedSettle;
  });

  /** The corpus on disk, counting every article read (through either door); no worker pool, so every read is seen. */
  class CountingFileSystem extends NodeCorpusFileSystem {
    readonly reads: string[] = [];
    override async readFile(corpusPath: string): Promise<Uint8Array | undefined> {
      if (corpusPath !== 'marginalia.yaml') this.reads.push(corpusPath);
      return super.readFile(corpusPath);
    }
    override readFileSync(corpusPath: string): Uint8Array | undefined {
      this.reads.push(corpusPath);
      return super.readFileSync(corpusPath);
    }
    override articleReader(): undefined {
      return undefined;
    }
  }

  async function build(withCache = true): Promise<{ index: CorpusIndex; fs: CountingFileSystem; cache?: NodeIndexCache }> {
    const fs = new CountingFileSystem(corpus);
    const cache = withCache ? await NodeIndexCache.open(corpus, path.join(dir, 'cache')) : undefined;
    const index = await CorpusIndex.build(fs, 'marginalia.yaml', undefined, cache);
    await cache?.save();
    return { index, fs, cache };
  }

  /** Everything a reader of the index sees, texts last (reading them reads the files). */
  function seen(index: CorpusIndex): unknown {
    return {
      paths: index.articlePaths(),
      mentions: index.articlePaths().map((p) => index.article(p)!.mentions),
      titles: index.articlePaths().map((p) => index.titleOf(p)),
      anchors: index.anchoredAnnotations().map(({ annotation, result }) => [annotation.id, result]),
      problems: index.problems().map(({ code, message, file }) => ({ code, message, file })),
      texts: index.articlePaths().map((p) => index.article(p)!.text),
    };
  }

  it('builds the same index a second time without reading an article, and reads one when its text is asked for', async () => {
    await build();
    const second = await build();
    assert.deepEqual(second.fs.reads, []);
    assert.equal(second.cache!.counts.articlesUnread, 3);
    assert.equal(second.cache!.counts.filesWritten, 0, 'nothing new to keep');
    assert.equal(second.index.article('sub dir/two.txt')!.textLength, ARTICLES['sub dir/two.txt'].length);
    assert.equal(second.index.titleOf('one.txt'), 'Mara Velt signed the harbour deal with Ostland.');
    assert.deepEqual(second.fs.reads, [], 'its length and headline are known');
    assert.equal(second.index.article('one.txt')!.text, ARTICLES['one.txt']);
    assert.deepEqual(second.fs.reads, ['one.txt']);
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
  });

  it('lets go of the texts the first build read, and reads each again, checked, when asked for', async () => {
    const first = await build();
    const readWhileBuilding = first.fs.reads.length;
    assert.equal(readWhileBuilding, 3);
    assert.equal(first.index.article('one.txt')!.text, ARTICLES['one.txt']);
    assert.deepEqual(first.fs.reads.slice(readWhileBuilding), ['one.txt']);
    assert.deepEqual(seen(first.index), seen((await build(false)).index));
  });

  it('reads an article whose content changed with the same size and modification time: the change time is in the stamp', async () => {
    await build();
    const file = path.join(corpus, 'one.txt');
    const before = statSync(file);
    writeFileSync(file, ARTICLES['one.txt'].replace('Mara Velt', 'Mara Vext'));
    utimesSync(file, before.atime, before.mtime);
    const second = await build();
    assert.deepEqual(second.fs.reads, ['one.txt']);
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
  });

  it('reads, when its text is first needed, an article that changed after the build, and takes it as it is now', async () => {
    await build();
    const second = await build();
    writeFileSync(path.join(corpus, 'sub dir/two.txt'), 'Later: Ostland raised the toll, said Mara Velt.\n');
    const now = seen(second.index); // texts read last, so mentions and anchors are from before…
    assert.equal(second.index.article('sub dir/two.txt')!.text, 'Later: Ostland raised the toll, said Mara Velt.\n');
    // …and after the read the index holds the new text's mentions and anchors, as a fresh build does.
    assert.notDeepEqual(now, seen(second.index));
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
    assert.equal(second.index.anchorOf('toll')!.range!.start, 'Later: '.length);
  });

  it('reads only the article whose annotation is new, and the next build reads none', async () => {
    await build();
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR + '  velt:\n    file: one.txt\n    quote: Velt said little\n');
    const second = await build();
    assert.deepEqual(second.fs.reads, ['one.txt']);
    assert.equal(second.index.anchorOf('velt')!.status, 'exact');
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
    const third = await build();
    assert.deepEqual(third.fs.reads, []);
    assert.equal(third.index.anchorOf('velt')!.range!.start, ARTICLES['one.txt'].indexOf('Velt said'));
  });

  it("reads every article again when an actor's aliases change", async () => {
    await build();
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('aliases: [Mara Velt, Velt]', 'aliases: [Mara Velt]'));
    const second = await build();
    assert.deepEqual([...second.fs.reads].sort(), Object.keys(ARTICLES).sort());
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
  });

  it('takes a change on disk that a watcher reports as a change (its text not read before)', async () => {
    await build();
    const second = await build();
    const changed = 'Later: Ostland raised the toll, said Mara Velt.\n';
    writeFileSync(path.join(corpus, 'sub dir/two.txt'), changed);
    assert.equal(second.index.setArticleBytes('sub dir/two.txt', Buffer.from(changed)), true);
    assert.equal(second.index.setArticleBytes('sub dir/two.txt', Buffer.from(changed)), false, 'the same bytes again: nothing changed');
    assert.equal(second.index.setArticleText('one.txt', ARTICLES['one.txt']), false, 'an editor opened on an unchanged article');
    assert.deepEqual(seen(second.index), seen((await build(false)).index));
  });

  it('reads an article deleted or refused since as the index would on a change', async () => {
    await build();
    const second = await build();
    rmSync(path.join(corpus, 'one.txt'));
    assert.equal(second.index.article('one.txt')!.text, '');
    assert.equal(second.index.article('one.txt'), undefined);
    assert.equal(second.index.anchorOf('harbour')!.status, 'orphaned');
  });

  it('trusts no stamp of a file changed less than two seconds before it was stamped (by default)', async () => {
    delete process.env.MARGINALIA_CACHE_SETTLE_MS;
    await build();
    const second = await build();
    assert.equal(second.cache!.counts.articlesUnread, 0);
    assert.equal(second.cache!.counts.mentionHits, 3, 'hashed, and found the same');
    assert.deepEqual([...second.fs.reads].sort(), Object.keys(ARTICLES).sort());
  });
});

describe('selector keys', () => {
  // Few letters, so that quotes, contexts and their lengths often collide.
  const part = fc.string({ unit: fc.constantFrom('a', 'b', ':', '1'), maxLength: 4 });
  const selector = fc.record({ quote: part, prefix: fc.option(part, { nil: undefined }), suffix: fc.option(part, { nil: undefined }), start: fc.option(fc.nat(12), { nil: undefined }) });

  it('tells a selector by its key exactly when every part is the same', () => {
    fc.assert(
      fc.property(selector, selector, (a, b) => {
        const same = a.quote === b.quote && a.prefix === b.prefix && a.suffix === b.suffix && a.start === b.start;
        assert.equal(isSelectorKey(selectorKey(a), b), same);
        assert.equal(selectorKey(a) === selectorKey(b), same);
      }),
      { numRuns: 5000 },
    );
  });
});

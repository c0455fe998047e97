/**
 * Hostile and broken input, end to end through the CLI or the writer: each gets a clear error and
 * loses nothing. (Malformed YAML, alias bombs, untrusted note text, paths leaving the folder and
 * binary or non-UTF-8 articles are covered beside the code they exercise.)
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { MAX_SIDECAR_CHARS, parseSidecar } from '../../src/core/sidecar/read';
import { InMemoryCorpus } from '../../src/core/workspace';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (out += t) }, cwd);
  return { code, out };
}

const SIDECAR = 'version: 1\nactors:\n  ada: {name: Ada Stone, kind: person, aliases: [Ada Stone]}\nannotations:\n  met:\n    file: one.txt\n    quote: Ada Stone met\n';

describe('hostile and broken input', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-hardening-'));
    writeFileSync(path.join(dir, 'one.txt'), 'Ada Stone met the press.\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 50 MB sidecar with a clear error and leaves it as it is', async function () {
    const entry = (i: number): string => `  n${i}:\n    file: one.txt\n    quote: Ada Stone met\n    note: ${'padding '.repeat(12)}\n`;
    const chunks = ['version: 1\nannotations:\n'];
    for (let i = 0, size = 0; size < 50 * 1024 * 1024; i++) size += chunks[chunks.push(entry(i)) - 1].length;
    const big = chunks.join('');
    assert.ok(big.length > MAX_SIDECAR_CHARS);
    const file = path.join(dir, 'marginalia.yaml');
    writeFileSync(file, big);
    const before = statSync(file);
    for (const command of ['check', 'reanchor']) {
      const { code, out } = await cli([command, dir], dir);
      assert.equal(code, 2, command);
      assert.match(out, /marginalia\.yaml:1:1: error: the sidecar is 5\d\.\d MB; Marginalia reads sidecars up to 32 MB/);
      assert.match(out, command === 'reanchor' ? /cannot be read as a Marginalia sidecar; nothing was changed/ : /cannot be read as a Marginalia sidecar$/m);
    }
    const after = statSync(file);
    assert.equal(after.mtimeMs, before.mtimeMs, 'never written');
    assert.equal(after.size, before.size);
  });

  it('keeps the old sidecar when the writer dies mid-write', async function () {
    const file = path.join(dir, 'marginalia.yaml');
    writeFileSync(file, SIDECAR);
    // A separate process starts replacing the sidecar with 400 MB and is killed while it writes.
    const writer = spawn(process.execPath, ['-e', `
      require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'node', 'atomicWrite.js'))})
        .writeFileAtomically(${JSON.stringify(file)}, Buffer.alloc(400 * 1024 * 1024, 'x'));
    `]);
    const temporary = (): string | undefined => readdirSync(dir).find((name) => name.endsWith('.tmp'));
    const deadline = Date.now() + 20_000;
    while (!(temporary() && statSync(path.join(dir, temporary()!)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    assert.ok(temporary(), 'the write had started');
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));
    assert.equal(readFileSync(file, 'utf8'), SIDECAR, 'the old sidecar is whole');
    const { code, out } = await cli(['check', dir], dir);
    assert.equal(code, 0, out);
    assert.ok(existsSync(path.join(dir, temporary()!)), 'the partial write is left beside it, never read as an article');
  });

  it('reports an empty sidecar and never writes over it', async () => {
    for (const text of ['', '\n\n', '# only a comment\n', '\ufeff']) {
      writeFileSync(path.join(dir, 'marginalia.yaml'), text);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 2, JSON.stringify(text));
      assert.match(out, /1:1: error: the sidecar is empty: expected a mapping with "version: 1"/);
      assert.equal(readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8'), text);
    }
  });

  it('indexes an empty article: no mentions, and an annotation on it is orphaned and kept', async () => {
    writeFileSync(path.join(dir, 'one.txt'), '');
    writeFileSync(path.join(dir, 'marginalia.yaml'), SIDECAR);
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': SIDECAR, 'one.txt': '', 'blank.txt': '\n\n' }));
    assert.deepEqual(corpus.article('one.txt')!.mentions, []);
    assert.equal(corpus.anchorOf('met')!.status, 'orphaned');
    const { code, out } = await cli(['reanchor', dir], dir);
    assert.equal(code, 1);
    assert.match(out, /met: orphaned, left as it is/);
    assert.equal(readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8'), SIDECAR);
  });

  it('reads a sidecar just under the limit', () => {
    const parsed = parseSidecar('version: 1\n#' + 'x'.repeat(MAX_SIDECAR_CHARS - 20) + '\n');
    assert.equal(parsed.invalid, false);
  });
});

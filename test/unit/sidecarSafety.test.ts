/**
 * The sidecar is never written when it should not be, and never written wrongly: encoding,
 * symlinks, modes, read-only files, outside edits racing a save, the lock between writers, left-over
 * temporary files, duplicate keys and deep nesting — end to end through the CLI or the Node writer.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { planReanchor } from '../../src/core/reanchor';
import { decodeSidecarBytes } from '../../src/core/sidecar/encoding';
import { MAX_NESTING, parseSidecar } from '../../src/core/sidecar/read';
import { editSidecar, readSidecarText, SidecarConflictError } from '../../src/core/sidecar/store';
import { FileChangedError, InMemoryCorpus } from '../../src/core/workspace';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';
import { sidecarParserOnWorker } from '../../src/node/sidecarWorker';

const WORKER = path.join(__dirname, '..', '..', 'src', 'node', 'sidecarWorkerMain.js');
const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'main.js');

const ARTICLE = 'The harbour board met on Tuesday. Ines Varga signed the lease for the north pier.\n';
// `lease` has no anchor hint yet, so reanchor always has something to write.
const SIDECAR = `# harbour notes, keep this comment
version: 1
actors:
  varga: {name: Ines Varga, kind: person, aliases: [Ines Varga]}
annotations:
  lease:
    file: pier.txt
    quote: signed the lease
    note: Café talk says the lease ran two years.
`;

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (out += t) }, cwd);
  return { code, out };
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('saving the sidecar safely', () => {
  let dir: string;
  let sidecar: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-safety-'));
    sidecar = path.join(dir, 'marginalia.yaml');
    writeFileSync(path.join(dir, 'pier.txt'), ARTICLE);
    writeFileSync(sidecar, SIDECAR);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Files beside the sidecar that a write leaves only when it goes wrong. */
  const leftovers = (folder = dir): string[] => readdirSync(folder).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock') || name.endsWith('.stale'));

  describe('encoding', () => {
    it('refuses a Latin-1 sidecar: check, index and reanchor exit 2 at the first bad byte, and the bytes stay', async () => {
      const latin1 = Buffer.from(SIDECAR, 'latin1');
      writeFileSync(sidecar, latin1);
      for (const command of ['check', 'index', 'reanchor']) {
        const { code, out } = await cli([command, dir], dir);
        assert.equal(code, 2, `${command}: ${out}`);
        // `é` of "Café" on line 9, column 14: the first byte that is not UTF-8.
        assert.match(out, /marginalia\.yaml:9:14: error: the sidecar is not valid UTF-8 \(byte 0xE9 here\)/, command);
        assert.equal(/nothing was changed/.test(out), command === 'reanchor', command);
      }
      assert.deepEqual(readFileSync(sidecar), latin1);
    });

    it('reports where the first invalid byte is, through the extension\'s reader and the worker too', async () => {
      const bytes = Buffer.concat([Buffer.from('version: 1\n# fine: ü\n# bad: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
      const text = await readSidecarText(new InMemoryCorpus({ 'marginalia.yaml': bytes }), 'marginalia.yaml');
      const here = parseSidecar(text!);
      assert.equal(here.invalid, true);
      assert.deepEqual(here.problems.map((p) => [p.code, p.range.start]), [['not-utf8', 'version: 1\n# fine: ü\n# bad: '.length]]);
      const there = await sidecarParserOnWorker(WORKER, 0)(text!, 'marginalia.yaml');
      assert.deepEqual(there.problems, here.problems);
    });

    it('decodes every byte that is not UTF-8 to its own escape, and valid UTF-8 as TextDecoder does', () => {
      const cases: [number[], string][] = [
        [[0x61, 0xe9, 0x62], 'a\udce9b'],
        [[0xe2, 0x82], '\udce2\udc82'], // cut short
        [[0xed, 0xa0, 0x80], '\udced\udca0\udc80'], // an encoded surrogate
        [[0xc0, 0xaf], '\udcc0\udcaf'], // overlong
        [[0xef, 0xbb, 0xbf, 0xf0, 0x9f, 0x98, 0x80, 0xff], '\ufeff😀\udcff'],
      ];
      for (const [bytes, text] of cases) assert.equal(decodeSidecarBytes(new Uint8Array(bytes)), text, bytes.join(' '));
    });

    it('keeps a BOM through a save', async () => {
      writeFileSync(sidecar, '\ufeff' + SIDECAR);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      const after = readFileSync(sidecar, 'utf8');
      assert.ok(after.startsWith('\ufeff# harbour notes'), 'BOM kept');
      assert.match(after, /start: 45/);
    });
  });

  describe('symlinks, modes and read-only files', () => {
    it('writes a symlinked sidecar through to its target; the link stays a link', async () => {
      mkdirSync(path.join(dir, 'shared'));
      const target = path.join(dir, 'shared', 'harbour.yaml');
      writeFileSync(target, SIDECAR);
      rmSync(sidecar);
      symlinkSync(path.join('shared', 'harbour.yaml'), sidecar);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.ok(lstatSync(sidecar).isSymbolicLink(), 'still a symlink');
      assert.equal(readlinkSync(sidecar), path.join('shared', 'harbour.yaml'));
      assert.match(readFileSync(target, 'utf8'), /start: 45/);
      assert.deepEqual([...leftovers(), ...leftovers(path.join(dir, 'shared'))], []);
    });

    it('keeps the file\'s mode, group-writable bits included', async () => {
      chmodSync(sidecar, 0o660);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.match(readFileSync(sidecar, 'utf8'), /start: 45/);
      assert.equal(statSync(sidecar).mode & 0o7777, 0o660);
    });

    it('refuses a read-only (0444) sidecar with exit 2 and leaves it as it is', async () => {
      chmodSync(sidecar, 0o444);
      const before = readFileSync(sidecar);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 2, out);
      assert.match(out, /marginalia\.yaml is read-only \(mode 0444\); make it writable to save it \(nothing was written\)/);
      assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
      assert.deepEqual(readFileSync(sidecar), before);
      assert.equal(statSync(sidecar).mode & 0o7777, 0o444);
      assert.deepEqual(leftovers(), []);
    });
  });

  describe('an outside edit racing a save', () => {
    it('keeps an edit made just before the rename and refuses the write, 10 times out of 10', async () => {
      const outsideEdits = [
        (text: string) => text + '# added by hand\n', // the size changes
        (text: string) => text.replace('two years', 'six years'), // same size: only the content tells
      ];
      for (let trial = 0; trial < 10; trial++) {
        writeFileSync(sidecar, SIDECAR);
        const before = statSync(sidecar);
        const fileSystem = new NodeCorpusFileSystem(dir);
        const corpus = await CorpusIndex.build(fileSystem);
        const plan = planReanchor(corpus);
        assert.equal(plan.edits.length, 1);
        const edited = outsideEdits[trial % 2](SIDECAR);
        let injected = 0;
        fileSystem.beforeReplace = () => {
          injected++;
          writeFileSync(sidecar, edited);
          // Even with the old modification time back, the content gives the edit away.
          if (trial % 2 === 1) utimesSync(sidecar, before.atime, before.mtime);
        };
        await assert.rejects(editSidecar(fileSystem, corpus.sidecar, 'marginalia.yaml', plan.edits), SidecarConflictError, `trial ${trial}`);
        assert.equal(injected, 1, 'the edit was made inside the window');
        assert.equal(readFileSync(sidecar, 'utf8'), edited, `trial ${trial}: the outside edit is kept`);
        assert.deepEqual(leftovers(), [], `trial ${trial}`);
      }
    });

    it('writes when nothing changed in the window', async () => {
      const fileSystem = new NodeCorpusFileSystem(dir);
      const corpus = await CorpusIndex.build(fileSystem);
      let called = false;
      fileSystem.beforeReplace = () => {
        called = true;
      };
      await editSidecar(fileSystem, corpus.sidecar, 'marginalia.yaml', planReanchor(corpus).edits);
      assert.ok(called);
      assert.match(readFileSync(sidecar, 'utf8'), /start: 45/);
    });

    it('the in-memory corpus keeps the same promise', async () => {
      const memory = new InMemoryCorpus({ 'marginalia.yaml': 'version: 1\n' });
      await assert.rejects(memory.writeFileAtomic('marginalia.yaml', new Uint8Array([1]), { expected: new TextEncoder().encode('version: 2\n') }), FileChangedError);
      await assert.rejects(memory.writeFileAtomic('marginalia.yaml', new Uint8Array([1]), { expected: null }), FileChangedError);
      assert.equal(memory.text('marginalia.yaml'), 'version: 1\n');
      await memory.writeFileAtomic('new.yaml', new TextEncoder().encode('x'), { expected: null });
      assert.equal(memory.text('new.yaml'), 'x');
    });
  });

  describe('the lock between writers', () => {
    const lockFile = (): string => path.join(dir, 'marginalia.yaml.lock');
    const lockOf = (pid: number, time = new Date()): string => JSON.stringify({ pid, host: hostname(), time: time.toISOString() }) + '\n';

    it('takes over a lock left by a writer that was killed', async () => {
      writeFileSync(lockFile(), lockOf(deadPid()));
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.match(readFileSync(sidecar, 'utf8'), /start: 45/);
      assert.equal(existsSync(lockFile()), false, 'released after the write');
    });

    it('takes over a lock older than the bound, even when its pid is alive', async () => {
      writeFileSync(lockFile(), lockOf(process.pid, new Date(Date.now() - 6 * 60_000)));
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.equal(existsSync(lockFile()), false);
    });

    it('refuses, exit 2, while a live writer holds the lock, and leaves its lock alone', async () => {
      const held = lockOf(process.pid);
      writeFileSync(lockFile(), held);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 2, out);
      assert.match(out, new RegExp(`another Marginalia writer \\(pid ${process.pid} on .*\\) is saving marginalia\\.yaml`));
      assert.equal(readFileSync(sidecar, 'utf8'), SIDECAR);
      assert.equal(readFileSync(lockFile(), 'utf8'), held);
    });

    it('is released when the write is refused', async () => {
      const fileSystem = new NodeCorpusFileSystem(dir);
      const corpus = await CorpusIndex.build(fileSystem);
      fileSystem.beforeReplace = () => {
        assert.ok(existsSync(lockFile()), 'held while writing');
        writeFileSync(sidecar, SIDECAR + '# meanwhile\n');
      };
      await assert.rejects(editSidecar(fileSystem, corpus.sidecar, 'marginalia.yaml', planReanchor(corpus).edits), SidecarConflictError);
      assert.deepEqual(leftovers(), []);
    });

    it('recovers after a writer is killed mid-write: the next save succeeds and cleans up', async () => {
      // A separate process starts replacing the sidecar with 400 MB and is killed while it writes.
      const writer = spawn(process.execPath, ['-e', `
        require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'node', 'atomicWrite.js'))})
          .writeFileAtomically(${JSON.stringify(sidecar)}, Buffer.alloc(400 * 1024 * 1024, 'x'));
      `]);
      const temporary = (): string | undefined => readdirSync(dir).find((name) => name.endsWith('.tmp'));
      const deadline = Date.now() + 60_000;
      while (!(temporary() && statSync(path.join(dir, temporary()!)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
      assert.ok(existsSync(lockFile()) && temporary(), 'the killed writer left its lock and its temporary file');
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.match(readFileSync(sidecar, 'utf8'), /^# harbour notes[^]*start: 45/);
      assert.deepEqual(leftovers(), []);
    });
  });

  describe('left-over temporary files', () => {
    it('removes those of dead writers and keeps those of live ones', async () => {
      const dead = `marginalia.yaml.${deadPid()}.lx0a1b2.tmp`;
      const live = `marginalia.yaml.${process.pid}.lx0a1b3.tmp`;
      const other = 'notes.yaml.1.lx0a1b4.tmp';
      for (const name of [dead, live, other]) writeFileSync(path.join(dir, name), 'partial');
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 0, out);
      assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')).sort(), [live, other].sort());
    });
  });

  describe('duplicate keys', () => {
    const merged = `version: 1
annotations:
  lease:
    file: pier.txt
    quote: signed the lease
    quote: the north pier
  board:
    file: pier.txt
    quote: harbour board
    links:
      - {to: lease, to: board}
annotations:
  lost:
    file: pier.txt
    quote: Tuesday
`;

    it('reports each duplicate with its line; the rest stays readable', async () => {
      writeFileSync(sidecar, merged);
      const { code, out } = await cli(['check', dir], dir);
      assert.equal(code, 1, out);
      assert.match(out, /marginalia\.yaml:6:5: error: duplicate key "quote": only the first is read/);
      assert.match(out, /marginalia\.yaml:11:21: error: duplicate key "to"/);
      assert.match(out, /marginalia\.yaml:12:1: error: duplicate key "annotations"/);
      const corpus = await CorpusIndex.build(new NodeCorpusFileSystem(dir));
      assert.equal(corpus.sidecar.invalid, false);
      assert.deepEqual([...corpus.index.annotations.keys()], ['lease', 'board']);
      assert.equal(corpus.index.annotations.get('lease')!.quote, 'signed the lease');
    });

    it('refuses every edit while a key is duplicated, naming it and its line', async () => {
      writeFileSync(sidecar, merged);
      const { code, out } = await cli(['reanchor', dir], dir);
      assert.equal(code, 2, out);
      assert.match(out, /marginalia\.yaml has the key "quote" twice \(again on line 6\): which one an edit is meant for cannot be known, so nothing was written/);
      assert.equal(readFileSync(sidecar, 'utf8'), merged);
    });
  });

  describe('deep nesting', () => {
    const blockNesting = (levels: number): string => {
      const lines = ['version: 1', 'annotations:', '  lease:', '    file: pier.txt', '    quote: signed the lease', '    note:'];
      for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(6 + 2 * i)}level${i}:`);
      return lines.join('\n') + ` ${'x'}\n`;
    };

    it('gives a clear error for 2,000 levels: exit 2 from every command, nothing written, no stack trace', async () => {
      const text = blockNesting(2000);
      writeFileSync(sidecar, text);
      for (const command of ['check', 'index', 'reanchor']) {
        // A process of its own: an unhandled rejection or a crash would show on its stderr and in its exit code.
        const run = spawnSync(process.execPath, [CLI, command, dir], { encoding: 'utf8' });
        assert.equal(run.status, 2, `${command}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`marginalia\\.yaml:${MAX_NESTING + 4}:\\d+: error: the sidecar nests deeper than ${MAX_NESTING} levels here \\(a Marginalia sidecar needs 5\\)`), command);
        assert.doesNotMatch(run.stderr, /\n\s+at |Unhandled|call stack/, command);
      }
      assert.equal(readFileSync(sidecar, 'utf8'), text);
    });

    it('is refused the same way by the worker thread parser, for block and flow nesting', async () => {
      const parse = sidecarParserOnWorker(WORKER, 0);
      const texts = [blockNesting(2000), `version: 1\nannotations: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, `version: 1\nx: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n`];
      for (const text of texts) {
        const there = await parse(text, 'marginalia.yaml');
        assert.equal(there.invalid, true);
        assert.deepEqual(there.problems.map((p) => p.code), ['too-deep']);
        assert.deepEqual(parseSidecar(text).problems, there.problems);
      }
    });

    it('reads nesting up to the bound', () => {
      const parsed = parseSidecar(`version: 1\nx: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`);
      assert.equal(parsed.invalid, false);
      assert.equal(parseSidecar(`version: 1\nx: ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\n`).problems[0].code, 'too-deep');
      // A megabyte of brackets is refused at the first one too deep (the root mapping is level 1).
      const brackets = parseSidecar(`version: 1\nx: ${'['.repeat(1_000_000)}\n`);
      assert.deepEqual(brackets.problems.map((p) => [p.code, p.range.start]), [['too-deep', 'version: 1\nx: '.length + MAX_NESTING - 1]]);
    });

    it('never throws, even when a parser it is given fails', async () => {
      const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': SIDECAR }), 'marginalia.yaml', () => Promise.reject(new Error('worker lost')));
      assert.equal(corpus.sidecar.invalid, true);
      assert.match(corpus.sidecar.problems[0].message, /could not be read \(worker lost\)/);
    });
  });
});

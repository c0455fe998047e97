import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliRun, runMarginalia } from './runCli';
import { FileRefusedError } from '../../src/core/workspace';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';

const ARTICLE_A = 'Minister Alma Reyes met the Northland delegation.\nReyes said Northland’s offer was "serious".\n';
const ARTICLE_B = 'Talks resumed. The Northland envoy called the offer final.\n';

const SIDECAR = `# test corpus
version: 1
actors:
  reyes:
    name: Alma Reyes
    kind: person
    aliases: [Alma Reyes, Reyes]
  northland:
    name: Northland
    kind: state
    aliases: [Northland]
annotations:
  offer:
    file: a b/one.txt   # a path with a space
    quote: the offer was
    note: Hand-written; no anchor hint yet.
  final:
    file: two.txt
    quote: called the offer final
    start: 0
    links: [{to: offer, type: follows}]
`;

function run(args: string[], cwd: string): Promise<CliRun> {
  return runMarginalia(args, cwd);
}

describe('marginalia CLI', () => {
  let dir: string;
  let corpus: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-cli-'));
    corpus = path.join(dir, 'corpus');
    mkdirSync(path.join(corpus, 'a b'), { recursive: true });
    writeFileSync(path.join(corpus, 'a b', 'one.txt'), ARTICLE_A.replace('the offer was', "Northland's offer was").replace('Northland’s offer', 'the offer'));
    writeFileSync(path.join(corpus, 'two.txt'), ARTICLE_B);
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sidecarText = (): string => readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8');

  it('index --json gives documents, mention counts per file and resolved anchors', async () => {
    const result = await run(['index', 'corpus', '--json'], dir);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(json.documents.map((d: { path: string }) => d.path), ['a b/one.txt', 'two.txt']);
    assert.deepEqual(json.documents.map((d: { title?: string }) => d.title), [ARTICLE_A.split('\n')[0], ARTICLE_B.split('\n')[0]], 'with no title in the sidecar, the headline');
    const reyes = json.actors.find((a: { id: string }) => a.id === 'reyes');
    assert.deepEqual([reyes.total, reyes.mentions], [2, { 'a b/one.txt': 2 }]);
    const final = json.annotations.find((a: { id: string }) => a.id === 'final');
    assert.deepEqual([final.status, final.start, final.end], ['moved', ARTICLE_B.indexOf('called'), ARTICLE_B.indexOf('called') + 'called the offer final'.length]);
  });

  it('check exits 1 and prints file:line:col for each problem', async () => {
    writeFileSync(path.join(corpus, 'marginalia.yaml'), SIDECAR.replace('links: [{to: offer', 'links: [{to: offerr'));
    const result = await run(['check', 'corpus'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^corpus\/marginalia\.yaml:21:13: error: annotation "final": link to unknown annotation "offerr"$/m);
    assert.match(result.stdout, /^corpus\/marginalia\.yaml:17:3: info: annotation "final" moved/m);
    assert.match(result.stdout, /^1 problem$/m);
  });

  it('check exits 0 on a clean corpus, from inside the folder', async () => {
    await run(['reanchor'], corpus);
    const result = await run(['check'], corpus);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /marginalia\.yaml: no problems/);
  });

  it('exits 2 on a malformed sidecar, with line and column, leaving it byte for byte', async () => {
    const malformed = SIDECAR.replace('    kind: state\n', '    kind: state\n   bad indent: [\n');
    writeFileSync(path.join(corpus, 'marginalia.yaml'), malformed);
    for (const command of ['check', 'index', 'reanchor', 'export', 'suggest']) {
      const result = await run([command, 'corpus'], dir);
      assert.equal(result.code, 2, command);
      assert.match(result.stderr, /^corpus\/marginalia\.yaml:\d+:\d+: error: /m, command);
      assert.equal(sidecarText(), malformed, `${command} must not touch a malformed sidecar`);
      // Only a command that writes says it wrote nothing.
      assert.equal(/nothing was changed/.test(result.stderr), command === 'reanchor', command);
    }
  });

  it('says in plain words when the folder or the sidecar is missing, with no made-up position', async () => {
    const missing = await run(['check', 'no-such-folder'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'marginalia: no-such-folder does not exist; give the folder that holds marginalia.yaml\n');
    const file = await run(['index', 'corpus/a b/one.txt'], dir);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /^marginalia: corpus\/a b\/one\.txt is not a folder;/);
    rmSync(path.join(corpus, 'marginalia.yaml'));
    const noSidecar = await run(['check', 'corpus', '--json'], dir);
    assert.equal(noSidecar.code, 2);
    assert.match(noSidecar.stderr, /^corpus\/marginalia\.yaml: error: no marginalia\.yaml in this folder$/m, 'no line and column for a file that is not there');
  });

  it('reanchor stores anchors, keeps comments, and exits 1 while orphans remain', async () => {
    let result = await run(['reanchor', 'corpus'], dir);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /2 anchors updated, 0 orphaned/);
    const text = sidecarText();
    assert.ok(text.startsWith('# test corpus\n') && text.includes('file: a b/one.txt   # a path with a space'));
    const index = JSON.parse((await run(['index', 'corpus', '--json'], dir)).stdout);
    assert.deepEqual(index.annotations.map((a: { status: string }) => a.status), ['exact', 'exact']);
    assert.match(text, / {4}start: \d+\n/);

    writeFileSync(path.join(corpus, 'two.txt'), 'Everything was rewritten.\n');
    result = await run(['reanchor', 'corpus'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /final: orphaned, left as it is/);
    assert.ok(sidecarText().includes('quote: called the offer final'), 'the orphan is kept');
  });

  it('export writes Markdown with file:line citations, and JSON', async () => {
    const md = await run(['export', 'corpus'], dir);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /\[two\.txt:1\]\(\.\/corpus\/two\.txt#L1\)/, 'links lead from the current folder to the articles');
    assert.match(md.stdout, /> … met the Northland delegation\. Reyes said \*\*the offer was\*\* "serious"\./, 'a short quote with a few words either side');
    assert.match(md.stdout, /- follows → offer/);
    assert.match(md.stdout, /- linked from final \(follows; Talks resumed\. The Northland envoy called the offer final\. \[two\.txt:1\]\(\.\/corpus\/two\.txt#L1\)\): “called the offer final”/, 'the link, seen from the passage it points to');
    const out = path.join(dir, 'notes.json');
    const json = await run(['export', 'corpus', '--format', 'json', '-o', out], dir);
    assert.equal(json.code, 0);
    const notes = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(notes.groups.map((g: { key: string }) => g.key), ['a b/one.txt', 'two.txt']);
    const html = await run(['export', 'corpus', '--format=html', '--group-by', 'tag', '-o', path.join(dir, 'out', 'notes.html')], dir);
    assert.equal(html.code, 0);
    assert.match(readFileSync(path.join(dir, 'out', 'notes.html'), 'utf8'), /<a href="\.\.\/corpus\/two\.txt#L1">/, 'links lead from the notes to the articles');
  });

  it('suggest finds a near-miss spelling of an alias', async () => {
    writeFileSync(path.join(corpus, 'three.txt'), 'The Nortland envoy and the Nortland press.\n');
    const result = await run(['suggest', 'corpus', '--json'], dir);
    assert.equal(result.code, 0);
    const { variants } = JSON.parse(result.stdout);
    assert.deepEqual(variants.map((v: { phrase: string; actorId: string; count: number }) => [v.phrase, v.actorId, v.count]), [['Nortland', 'northland', 2]]);
  });

  it('explains wrong arguments with exit 2', async () => {
    for (const args of [[], ['frobnicate'], ['export', '--format', 'pdf'], ['export', '--group-by', 'colour'], ['export', '--review', 'final'], ['check', 'a', 'b'], ['index', '--nope']]) {
      const result = await run(args, dir);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /usage: marginalia/);
    }
    assert.equal((await run(['--help'], dir)).code, 0);
  });

  it('runs as the bundled bin', function () {
    const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
    const stdout = execFileSync(process.execPath, [cli, 'index', corpus], { encoding: 'utf8' });
    assert.match(stdout, /^2 articles, 2 actors with \d+ mentions, 2 annotations/);
  });
});

describe('NodeCorpusFileSystem', () => {
  it('lists articles recursively, skipping hidden and dependency folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'marginalia-fs-'));
    try {
      for (const file of ['a.txt', 'sub/b.TXT', '.git/c.txt', 'node_modules/d.txt', 'e.md', 'sub/deeper/f.txt']) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), 'x');
      }
      assert.deepEqual(await new NodeCorpusFileSystem(dir).listArticles(), ['a.txt', 'sub/b.TXT', 'sub/deeper/f.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes atomically and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'marginalia-fs-'));
    try {
      const fs = new NodeCorpusFileSystem(dir);
      writeFileSync(path.join(dir, 'marginalia.yaml'), 'old');
      await fs.writeFileAtomic('marginalia.yaml', new TextEncoder().encode('new'));
      assert.equal(readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8'), 'new');
      assert.deepEqual(readdirSync(dir), ['marginalia.yaml']);
      assert.equal(await fs.readFile('missing.txt'), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('marginalia CLI on paths that leave the corpus', () => {
  const SECRET = 'The vault code is 4711. Nobody outside may read this line.\n';
  let dir: string;
  let corpus: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-paths-'));
    corpus = path.join(dir, 'corpus');
    mkdirSync(path.join(dir, 'outside', 'folder'), { recursive: true });
    writeFileSync(path.join(dir, 'outside', 'secret.txt'), SECRET);
    writeFileSync(path.join(dir, 'outside', 'folder', 'inner.txt'), SECRET);
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'two.txt'), ARTICLE_B);
  });
  afterEach(() => {
    // A reader still blocked on a FIFO (the bug this guards against) is let go, so the run can end.
    for (const fifo of ['pipe.txt', 'marginalia.yaml']) {
      try {
        closeSync(openSync(path.join(corpus, fifo), constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it; ENOENT or not a FIFO: nothing to release.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** A sidecar with one annotation per file, each quoting `quote`. */
  const writeSidecar = (files: Record<string, string>): string => {
    const entries = Object.entries(files).map(([id, file]) => `  ${id}:\n    file: ${file}\n    quote: vault code\n`);
    const text = `# corpus with links\nversion: 1\nannotations:\n${entries.join('')}`;
    writeFileSync(path.join(corpus, 'marginalia.yaml'), text);
    return text;
  };
  const sidecarText = (): string => readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8');
  const statuses = async (): Promise<Record<string, string>> => {
    const result = await run(['index', 'corpus', '--json'], dir);
    assert.equal(result.code, 0, result.stderr);
    return Object.fromEntries(JSON.parse(result.stdout).annotations.map((a: { id: string; status: string }) => [a.id, a.status]));
  };
  /** Reanchor leaves the sidecar byte for byte, and no outside text gets into it. */
  const assertReanchorCopiesNothing = async (before: string): Promise<void> => {
    const result = await run(['reanchor', 'corpus'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /0 anchors updated, \d+ orphaned/);
    assert.equal(sidecarText(), before);
    assert.ok(!sidecarText().includes('4711'));
  };

  it('refuses a symlink to a file outside the corpus: an error on the file, its annotation orphaned, nothing copied', async () => {
    symlinkSync(path.join('..', 'outside', 'secret.txt'), path.join(corpus, 'secret.txt'));
    symlinkSync(path.join(dir, 'outside', 'secret.txt'), path.join(corpus, 'unnamed.txt'));
    const before = writeSidecar({ 'via-link': 'secret.txt' });
    assert.deepEqual(await statuses(), { 'via-link': 'orphaned' });
    const check = await run(['check', 'corpus'], dir);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^corpus\/secret\.txt: error: secret\.txt is not read: it is a symlink leading outside the corpus folder$/m);
    assert.match(check.stdout, /^corpus\/unnamed\.txt: error: unnamed\.txt is not read: it is a symlink leading outside the corpus folder$/m, 'a listed symlink is reported even when no annotation names it');
    assert.match(check.stdout, /^corpus\/marginalia\.yaml:4:3: error: annotation "via-link" is orphaned: file "secret\.txt" is not read \(it is a symlink leading outside the corpus folder\); the annotation is kept$/m);
    assert.doesNotMatch(check.stdout, /does not exist/);
    await assertReanchorCopiesNothing(before);
  });

  it('refuses a file in a symlinked folder that leads outside the corpus', async () => {
    symlinkSync(path.join('..', 'outside', 'folder'), path.join(corpus, 'linked'));
    const before = writeSidecar({ 'via-folder': 'linked/inner.txt' });
    assert.deepEqual(await statuses(), { 'via-folder': 'orphaned' });
    const check = await run(['check', 'corpus', '--json'], dir);
    assert.equal(check.code, 1);
    const problems = JSON.parse(check.stdout).map((p: { file: string; code: string; message: string }) => [p.file, p.code, p.message]);
    assert.deepEqual(problems, [
      ['marginalia.yaml', 'not-read', 'annotation "via-folder" is orphaned: file "linked/inner.txt" is not read (it lies in a symlinked folder leading outside the corpus folder); the annotation is kept'],
      ['linked/inner.txt', 'not-read', 'linked/inner.txt is not read: it lies in a symlinked folder leading outside the corpus folder'],
    ]);
    await assertReanchorCopiesNothing(before);
  });

  it('never opens a FIFO, as an article or as the sidecar: the run ends with a clear problem', async () => {
    execFileSync('mkfifo', [path.join(corpus, 'pipe.txt')]);
    const before = writeSidecar({ 'on-pipe': 'pipe.txt' });
    const check = await run(['check', 'corpus'], dir);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^corpus\/pipe\.txt: error: pipe\.txt is not read: it is a named pipe \(FIFO\), not a regular file$/m);
    await assertReanchorCopiesNothing(before);

    rmSync(path.join(corpus, 'marginalia.yaml'));
    execFileSync('mkfifo', [path.join(corpus, 'marginalia.yaml')]);
    const index = await run(['index', 'corpus'], dir);
    assert.equal(index.code, 2);
    assert.equal(index.stderr, 'marginalia: marginalia.yaml is not read: it is a named pipe (FIFO), not a regular file\n');
  });

  it('refuses a symlink to /dev/zero and a file too large to read, without reading them', async () => {
    symlinkSync('/dev/zero', path.join(corpus, 'zero.txt'));
    // Sparse: 300 MiB on paper, nothing on disk.
    closeSync(openSync(path.join(corpus, 'huge.txt'), 'w'));
    truncateSync(path.join(corpus, 'huge.txt'), 300 * 1024 * 1024);
    const before = writeSidecar({ 'on-zero': 'zero.txt', 'on-huge': 'huge.txt' });
    const check = await run(['check', 'corpus'], dir);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^corpus\/zero\.txt: error: zero\.txt is not read: it is a symlink leading outside the corpus folder$/m);
    assert.match(check.stdout, /^corpus\/huge\.txt: error: huge\.txt is not read: it is 300 MiB, more than the 64 MiB a corpus file may have$/m);
    await assertReanchorCopiesNothing(before);
  });

  it('reads a symlink that stays inside the corpus, relative or absolute, and a corpus reached through a symlink', async () => {
    symlinkSync('two.txt', path.join(corpus, 'alias.txt'));
    mkdirSync(path.join(corpus, 'sub'));
    symlinkSync(path.join('..', 'two.txt'), path.join(corpus, 'sub', 'relative.txt'));
    symlinkSync(path.join(corpus, 'two.txt'), path.join(corpus, 'sub', 'absolute.txt'));
    symlinkSync(corpus, path.join(dir, 'via'));
    writeFileSync(path.join(corpus, 'marginalia.yaml'), 'version: 1\nannotations:\n  inside:\n    file: alias.txt\n    quote: called the offer final\n');
    for (const folder of ['corpus', 'via']) {
      const index = await run(['index', folder, '--json'], dir);
      assert.equal(index.code, 0, index.stderr);
      const json = JSON.parse(index.stdout);
      assert.deepEqual(json.documents.map((d: { path: string }) => d.path), ['alias.txt', 'sub/absolute.txt', 'sub/relative.txt', 'two.txt'], folder);
      assert.deepEqual(json.annotations.map((a: { status: string }) => a.status), ['exact'], folder);
      assert.deepEqual(json.problems.filter((p: { severity: string }) => p.severity !== 'info'), [], folder);
    }
    const reanchor = await run(['reanchor', 'corpus'], dir);
    assert.equal(reanchor.code, 0, reanchor.stdout);
    assert.match(sidecarText(), /\n {4}start: 35\n/, 'the anchor read through the link is stored');
  });
});

describe('NodeCorpusFileSystem.readFile refuses what is not a regular file inside the corpus', () => {
  let dir: string;
  let fs: NodeCorpusFileSystem;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-refuse-'));
    const corpus = path.join(dir, 'corpus');
    mkdirSync(path.join(corpus, 'folder.txt'), { recursive: true });
    writeFileSync(path.join(corpus, 'a.txt'), 'inside');
    writeFileSync(path.join(dir, 'outside.txt'), 'outside');
    symlinkSync('nowhere.txt', path.join(corpus, 'dangling.txt'));
    symlinkSync('loop-b.txt', path.join(corpus, 'loop-a.txt'));
    symlinkSync('loop-a.txt', path.join(corpus, 'loop-b.txt'));
    symlinkSync('.', path.join(corpus, 'root.txt'));
    symlinkSync('a.txt', path.join(corpus, 'chain-1.txt'));
    symlinkSync('chain-1.txt', path.join(corpus, 'chain-2.txt'));
    symlinkSync(path.join('..', 'outside.txt'), path.join(corpus, 'escape-1.txt'));
    symlinkSync('escape-1.txt', path.join(corpus, 'escape-2.txt'));
    fs = new NodeCorpusFileSystem(corpus);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string | undefined][] = [
    ['missing.txt', undefined],
    ['no/such/folder.txt', undefined],
    ['dangling.txt', 'it is a symlink whose target does not exist'],
    ['loop-a.txt', 'it is a symlink that leads round in a loop'],
    ['folder.txt', 'it is a folder, not a file'],
    ['root.txt', 'it is a folder, not a file'],
    ['escape-2.txt', 'it is a symlink leading outside the corpus folder'],
  ];
  for (const [file, reason] of cases) {
    it(`${file}: ${reason ?? 'does not exist'}`, async () => {
      if (reason === undefined) assert.equal(await fs.readFile(file), undefined);
      else await assert.rejects(fs.readFile(file), (error: Error) => error instanceof FileRefusedError && error.reason === reason && error.message === `${file} is not read: ${reason}`);
    });
  }

  it('reads a chain of symlinks that stays inside', async () => {
    assert.equal(new TextDecoder().decode(await fs.readFile('chain-2.txt')), 'inside');
  });

  it('lists symlinks and other entries by their extension, so that what is refused is reported', async () => {
    assert.deepEqual(await fs.listArticles(), ['a.txt', 'chain-1.txt', 'chain-2.txt', 'dangling.txt', 'escape-1.txt', 'escape-2.txt', 'loop-a.txt', 'loop-b.txt', 'root.txt']);
  });
});

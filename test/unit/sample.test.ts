import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main';
import { ACTOR_KINDS, LINK_TYPES, REVIEW_STATES } from '../../src/core/model';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'sample');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, ROOT);
  return { code, stdout, stderr };
}

/** Every file under `dir`, `/`-separated, with its bytes. */
function files(dir: string, prefix = ''): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of files(dir, `${name}/`)) found.set(k, v);
    else found.set(name, readFileSync(path.join(dir, name)));
  }
  return found;
}

interface SampleSidecar {
  documents: Record<string, unknown>;
  actors: Record<string, { kind: string; aliases: string[]; exclude?: string[]; memberOf?: string; matchCase?: boolean }>;
  relations: { from: string; to: string; evidence?: string[] }[];
  annotations: Record<string, { file: string; quote: string; review?: string; links?: (string | { to: string; type: string })[] }>;
  ignoreSuggestions?: string[];
}

describe('the embedded sample corpus (sample/)', () => {
  const sidecar = parse(readFileSync(path.join(SAMPLE, 'marginalia.yaml'), 'utf8')) as SampleSidecar;
  const articles = [...files(SAMPLE).keys()].filter((name) => name.endsWith('.txt'));
  const text = (name: string): string => readFileSync(path.join(SAMPLE, name), 'utf8');

  it('checks clean apart from the one fuzzy and the one orphaned annotation it has on purpose', async () => {
    const result = await cli(['check', 'sample']);
    assert.equal(result.code, 1, result.stderr);
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('sample/'));
    assert.equal(problems.length, 2, result.stdout);
    assert.match(problems[0], /^sample\/marginalia\.yaml:\d+:\d+: warning: annotation "korvath-observer" matched only approximately \(\d+% similar\)/);
    assert.match(problems[1], /^sample\/marginalia\.yaml:\d+:\d+: error: annotation "withdrawn-remark" is orphaned/);

    const index = JSON.parse((await cli(['index', 'sample', '--json'])).stdout) as { annotations: { id: string; status: string }[] };
    const statuses = new Map(index.annotations.map((a) => [a.id, a.status]));
    assert.equal(statuses.get('korvath-observer'), 'fuzzy');
    assert.equal(statuses.get('withdrawn-remark'), 'orphaned');
    for (const [id, status] of statuses) if (id !== 'korvath-observer' && id !== 'withdrawn-remark') assert.equal(status, 'exact', id);
  });

  it('index counts in words a reader would write: "1 mention in 1 file", "3 files"', async () => {
    const { stdout } = await cli(['index', 'sample']);
    assert.match(stdout, /^5 articles, 15 actors with \d+ mentions, 11 annotations/);
    assert.match(stdout, /^ {2}dagny-thorsdottir: 1 mention in 1 file$/m);
    assert.match(stdout, /^ {2}aldmark: \d+ mentions in 3 files$/m);
  });

  it('the fuzzy quote is close to the article text, and the orphaned one is nowhere', () => {
    const fuzzy = sidecar.annotations['korvath-observer'];
    assert.ok(fuzzy.quote.length >= 12);
    assert.ok(!text(fuzzy.file).includes(fuzzy.quote), 'not an exact match');
    const orphan = sidecar.annotations['withdrawn-remark'];
    for (const name of articles) assert.ok(!text(name).includes(orphan.quote), name);
  });

  it('uses every feature of the sidecar', () => {
    const actors = Object.values(sidecar.actors);
    assert.deepEqual([...new Set(actors.map((a) => a.kind))].sort(), [...ACTOR_KINDS].sort(), 'an actor of each kind');
    assert.ok(actors.every((a) => a.aliases.length > 0), 'aliases everywhere');
    assert.ok(actors.some((a) => a.memberOf !== undefined && a.memberOf in sidecar.actors), 'memberOf');
    assert.ok(actors.some((a) => a.matchCase === false), 'matchCase: false');
    const excluded = actors.flatMap((a) => a.exclude ?? []);
    assert.ok(excluded.length > 0 && excluded.every((phrase) => articles.some((name) => text(name).includes(phrase))), 'exclude, of phrases the articles use');

    assert.ok(sidecar.relations.some((r) => (r.evidence ?? []).length > 0), 'a relation with evidence');
    const linkTypes = new Set(Object.values(sidecar.annotations).flatMap((a) => (a.links ?? []).map((l) => (typeof l === 'string' ? 'related' : l.type))));
    assert.deepEqual([...linkTypes].sort(), [...LINK_TYPES].sort(), 'links of every type');
    const reviews = new Set(Object.values(sidecar.annotations).map((a) => a.review));
    for (const state of [...REVIEW_STATES, undefined]) assert.ok(reviews.has(state), `review ${state ?? 'not stated'}`);
    assert.ok((sidecar.ignoreSuggestions ?? []).length > 0, 'ignoreSuggestions');

    const described = Object.keys(sidecar.documents);
    assert.ok(described.length > 0 && described.length < articles.length, 'documents: for some articles, headlines for the others');
    assert.ok(articles.length >= 5 && articles.length <= 6, 'a handful of articles');
    assert.ok(articles.some((name) => text(name).includes('\r\n')), 'an article with CRLF line endings');
    assert.ok(articles.some((name) => [...text(name)].some((c) => c.charCodeAt(0) > 0x7f)), 'non-ASCII names');
    assert.ok(articles.some((name) => /^Translated from .* by /m.test(text(name))), 'a translation with its translator');
  });

  it('an excluded phrase is not counted as a mention', async () => {
    const index = JSON.parse((await cli(['index', 'sample', '--json'])).stdout) as { actors: { id: string; mentions: Record<string, number> }[] };
    const aldmark = index.actors.find((a) => a.id === 'aldmark')!;
    const article = 'news/accord-signed.txt';
    const everywhere = text(article).split(/\bAldmark\b/).length - 1;
    const inExcluded = text(article).split('Aldmark crowns').length - 1;
    assert.ok(inExcluded > 0);
    assert.equal(aldmark.mentions[article], everywhere - inExcluded);
  });
});

describe('npm run sample, in a fresh clone', () => {
  let parent: string;
  let clone: string;
  beforeEach(() => {
    // What a user's clone has: the repository, and no ../shared beside it.
    parent = mkdtempSync(path.join(tmpdir(), 'marginalia-clone-'));
    clone = path.join(parent, 'marginalia');
    cpSync(SAMPLE, path.join(clone, 'sample'), { recursive: true });
    mkdirSync(path.join(clone, 'test', 'sample'), { recursive: true });
    for (const script of ['serve.mjs', 'serveFolder.mjs', 'setup.mjs']) cpSync(path.join(ROOT, 'test', 'sample', script), path.join(clone, 'test', 'sample', script));
    cpSync(path.join(ROOT, 'dist', 'cli.js'), path.join(clone, 'dist', 'cli.js'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  const sample = (...args: string[]): { status: number | null; stdout: string } =>
    spawnSync(process.execPath, [path.join(clone, 'test', 'sample', 'serve.mjs'), '--no-serve', ...args], { cwd: clone, encoding: 'utf8' });

  it('lays out .sample/ from the embedded corpus and runs the CLI on it', () => {
    assert.ok(!existsSync(path.join(parent, 'shared')));
    const run = sample();
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /\$ marginalia check \.sample\n[^]*^2 problems$/m);
    assert.deepEqual(files(path.join(clone, '.sample')), files(SAMPLE), 'a byte-for-byte copy (CRLF kept)');
  });

  it('a second run keeps edits made in .sample/; --reset starts over', () => {
    assert.equal(sample().status, 0);
    const edited = path.join(clone, '.sample', 'marginalia.yaml');
    appendFileSync(edited, '# my own note\n');
    const again = sample();
    assert.equal(again.status, 0, again.stdout);
    assert.match(again.stdout, /keeping .*\.sample/);
    assert.ok(readFileSync(edited, 'utf8').endsWith('# my own note\n'), 'the edit is still there');
    assert.equal(sample('--reset').status, 0);
    assert.deepEqual(readFileSync(edited), readFileSync(path.join(SAMPLE, 'marginalia.yaml')));
  });
});

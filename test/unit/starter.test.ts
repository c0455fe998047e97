import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { parseSidecar } from '../../src/core/sidecar/read';
import { isConfidentCandidate, starterReadBackProblems, starterSidecar } from '../../src/core/starter';
import { CandidateActor, suggest } from '../../src/core/suggest';
import { FileChangedError, InMemoryCorpus } from '../../src/core/workspace';
import { NodeCorpusFileSystem } from '../../src/node/nodeFileSystem';

const SAMPLE = path.join(__dirname, '..', '..', '..', 'sample');

const candidate = (phrase: string, kind: CandidateActor['kind'], files: number, count = files, confident = true): CandidateActor => ({ phrase, kind, count, files: Array.from({ length: files }, (_, i) => `f${i}.txt`), confident });

describe('starter sidecar', () => {
  const articles = {
    'desk/harbor talks.txt': '\uFEFFHarbor talks: "day two" #2\r\nAlma Reyes met Ivo Tarn.\r\n',
    'by.txt': 'By Mara Quill\nAlma Reyes spoke.\n',
    'yes.txt': 'yes\nA file whose headline YAML 1.1 reads as a boolean.\n',
  };

  it('lists each article with a title, quoted where YAML needs it, and reads back as meant', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus(articles));
    const starter = starterSidecar(corpus, []);
    assert.deepEqual(Object.fromEntries(starter.documents), { 'desk/harbor talks.txt': 'Harbor talks: "day two" #2', 'yes.txt': 'yes' }, 'no title for a byline');
    assert.match(starter.text, /^# Marginalia index/, 'a header says what the file is');
    assert.match(starter.text, /\nversion: 1\n/);
    assert.match(starter.text, /\n {4}title: "Harbor talks: \\"day two\\" #2"\n/);
    assert.match(starter.text, /\n {4}title: "yes"\n/);
    assert.match(starter.text, /\nactors: \{\}\nannotations: \{\}\n$/);
    assert.deepEqual(starterReadBackProblems(starter), []);
    const parsed = parseSidecar(starter.text, 'marginalia.yaml');
    assert.equal(parsed.index.documents.get('desk/harbor talks.txt')?.title, 'Harbor talks: "day two" #2');
  });

  it('takes the candidates suggest is confident about, seen in two articles', () => {
    const all = [
      candidate('Velsany', undefined, 5), candidate('Serin Basin Commission', 'organization', 3), candidate('Rävsund', undefined, 1, 4),
      candidate('Halden', undefined, 3, 3, false), candidate('NATO', 'organization', 2),
    ];
    assert.deepEqual(all.filter(isConfidentCandidate).map((c) => c.phrase), ['Velsany', 'Serin Basin Commission', 'NATO']);
  });

  it('writes the sample corpus\'s confident names, and none of the traps suggest leaves out', async () => {
    // The sample's articles as a folder with no sidecar yet, and suggest as init calls it.
    const texts = Object.fromEntries(['news/accord-signed.txt', 'news/commission-meeting.txt', 'news/fishers-protest.txt', 'analysis/halden-brief.txt', 'translations/velsany-herald-editorial.txt'].map((p) => [p, readFileSync(path.join(SAMPLE, p))]));
    const corpus = await CorpusIndex.build(new InMemoryCorpus(texts));
    const { candidates } = suggest(corpus, {});
    const names = starterSidecar(corpus, candidates).actors.flatMap((a) => a.aliases);
    for (const wanted of ['Velsany', 'Aldmark', 'Serin Basin Commission']) assert.ok(names.includes(wanted), `${wanted} in ${names.join(', ')}`);
    for (const trap of ['Velsanian', 'PORT HALLOWAY', 'Aldmark crowns', 'Foreign Minister']) assert.ok(!names.some((n) => n.includes(trap)), `no ${trap} in ${names.join(', ')}`);
  });

  it('writes one actor per person, with the shorter names as aliases, and kinds', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus(articles));
    const candidates = [candidate('Putin', 'person', 3, 11), candidate('Velsany', undefined, 2), candidate('President Vladimir Putin', 'person', 2), candidate('Kim', 'person', 2), candidate('Kim Jong Un', 'person', 2), candidate('Kim Il Sung', 'person', 2), candidate('Zofia Łęcka', 'person', 2)];
    const starter = starterSidecar(corpus, candidates);
    assert.deepEqual(starter.actors, [
      { id: 'vladimir-putin', name: 'Vladimir Putin', kind: 'person', aliases: ['President Vladimir Putin', 'Putin'] },
      { id: 'velsany', name: 'Velsany', kind: 'other', aliases: ['Velsany'] },
      { id: 'kim-jong-un', name: 'Kim Jong Un', kind: 'person', aliases: ['Kim Jong Un'] },
      { id: 'kim-il-sung', name: 'Kim Il Sung', kind: 'person', aliases: ['Kim Il Sung'] },
      { id: 'zofia-łecka', name: 'Zofia Łęcka', kind: 'person', aliases: ['Zofia Łęcka'] },
    ]);
    assert.deepEqual(starterReadBackProblems(starter), []);
  });

  it('leaves out a name that begins other people\'s names too: as an alias it would count them as this person', async () => {
    const people = [candidate('Kim Jong Un', 'person', 2), candidate('Kim', 'person', 3), candidate('Vladimir Putin', 'person', 2), candidate('Putin', 'person', 3)];
    const aliases = async (text: string): Promise<string[][]> => starterSidecar(await CorpusIndex.build(new InMemoryCorpus({ 'a.txt': text })), people).actors.map((a) => a.aliases);
    assert.deepEqual(await aliases('Kim Jong Un met President Vladimir Putin. Kim smiled; Putin did not.'), [['Kim Jong Un', 'Kim'], ['Vladimir Putin', 'Putin']]);
    assert.deepEqual(await aliases('Kim Jong Un met Putin in Kim Il Sung Square, as Kim Jong Il once did.'), [['Kim Jong Un'], ['Vladimir Putin', 'Putin']]);
  });

  it('refuses a text that does not read back as meant', async () => {
    const starter = starterSidecar(await CorpusIndex.build(new InMemoryCorpus(articles)), [candidate('Velsany', undefined, 2)]);
    assert.match(starterReadBackProblems({ ...starter, text: starter.text.replace('title: "Harbor talks: \\"day two\\" #2"', 'title: Harbor talks #2') }).join('\n'), /the title of desk\/harbor talks\.txt reads back as "Harbor talks"/);
    assert.match(starterReadBackProblems({ ...starter, text: starter.text.replace('aliases: [Velsany]', 'aliases: [Velsany, Velsanian]') }).join('\n'), /actor "velsany" does not read back/);
  });

  it('takes the first annotation an analyst adds', async () => {
    const starter = starterSidecar(await CorpusIndex.build(new InMemoryCorpus(articles)), [candidate('Alma Reyes', 'person', 2)]);
    const edited = applySidecarEdits(parseSidecar(starter.text, 'marginalia.yaml'), [{ kind: 'addAnnotation', id: 'met', annotation: { file: 'by.txt', quote: 'Alma Reyes spoke', actors: ['alma-reyes'] } }]);
    assert.deepEqual(edited.problems, []);
    assert.deepEqual(edited.index.annotations.get('met')?.actors, ['alma-reyes']);
    assert.ok(edited.text.startsWith(starter.text.slice(0, starter.text.indexOf('annotations:'))), 'the rest is kept as written');
    assert.match(edited.text, /\nannotations:\n {2}met:\n {4}file: by\.txt\n/, 'one entry per line, not a growing `{…}`');
  });
});

describe('marginalia init', () => {
  let dir: string;
  let corpus: string;
  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, dir);
    return { code, stdout, stderr };
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-init-'));
    corpus = path.join(dir, 'my articles');
    mkdirSync(path.join(corpus, 'wire'), { recursive: true });
    writeFileSync(path.join(corpus, 'wire', '0a1f.txt'), 'Velsany and Aldmark reopen the strait\nVelsany said on Monday that Aldmark had agreed. Velsany will patrol.\n');
    writeFileSync(path.join(corpus, 'b7c2.txt'), '(Ines Varga, Harbor Institute)\nAldmark and Velsany met again in Port Ellis.\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a starter that check reads without a problem', async () => {
    const result = await run(['init', 'my articles']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^wrote my articles\/marginalia\.yaml: 2 articles, 1 with a title, \d+ actors? to check\n$/);
    const text = readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8');
    const parsed = parseSidecar(text, 'marginalia.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual([...parsed.index.documents.values()].map((d) => [d.path, d.title]), [['wire/0a1f.txt', 'Velsany and Aldmark reopen the strait']]);
    assert.ok([...parsed.index.actors.values()].some((a) => a.aliases.includes('Velsany')), text);
    const check = await run(['check', 'my articles']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  it('never overwrites a sidecar, and says why', async () => {
    writeFileSync(path.join(corpus, 'marginalia.yaml'), '# mine\nversion: 1\n');
    const result = await run(['init', 'my articles']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /my articles\/marginalia\.yaml already exists; init never overwrites it/);
    assert.equal(readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8'), '# mine\nversion: 1\n');
  });

  it('refuses a sidecar that is a dangling symlink too', async () => {
    symlinkSync(path.join(dir, 'elsewhere.yaml'), path.join(corpus, 'marginalia.yaml'));
    assert.equal((await run(['init', 'my articles'])).code, 2);
    assert.equal(existsSync(path.join(dir, 'elsewhere.yaml')), false, 'nothing written through the link');
  });

  it('says so for a missing folder and for a folder with no articles', async () => {
    const missing = await run(['init', 'nowhere']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^marginalia: nowhere does not exist; give the folder of articles\n$/);
    mkdirSync(path.join(dir, 'empty'));
    const empty = await run(['init', 'empty']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no articles .* in empty; nothing was written/);
    assert.equal(existsSync(path.join(dir, 'empty', 'marginalia.yaml')), false);
  });

  it('reads only files inside the folder', async () => {
    writeFileSync(path.join(dir, 'outside.txt'), 'Secret headline outside\nVelsany.\n');
    symlinkSync(path.join(dir, 'outside.txt'), path.join(corpus, 'link.txt'));
    assert.equal((await run(['init', 'my articles'])).code, 0);
    assert.doesNotMatch(readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8'), /Secret headline|link\.txt/);
  });

  it('creating a file never replaces one that appeared meanwhile', async () => {
    const fileSystem = new NodeCorpusFileSystem(corpus);
    fileSystem.beforeReplace = () => writeFileSync(path.join(corpus, 'marginalia.yaml'), '# written meanwhile\n');
    await assert.rejects(fileSystem.writeFileAtomic('marginalia.yaml', new TextEncoder().encode('version: 1\n'), { expected: null }), FileChangedError);
    assert.equal(readFileSync(path.join(corpus, 'marginalia.yaml'), 'utf8'), '# written meanwhile\n');
  });
});

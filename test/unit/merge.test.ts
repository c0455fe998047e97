/**
 * `marginalia merge` as git's merge driver, with real git (mergeGit.ts), and `marginalia init --git`.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { CliRun, runMarginalia } from './runCli';
import { resolveConflictMarkers } from '../../src/core/sidecar/merge';
import { GitRepo } from './mergeGit';
import { checkScenario, scenarioArb } from './mergeScenario';
import { checkStyleCase, styleCaseArb } from './mergeStyles';

const BASE = `# Team review of the Northland talks.
version: 1
documents:
  one.txt:
    title: The offer
actors:
  reyes:   # the minister
    name: Alma Reyes
    kind: person
    aliases: [Alma Reyes, Reyes]
  northland:
    name: Northland
    kind: state
    aliases: [Northland]
annotations:
  offer:
    file: one.txt   # a path
    quote: the offer was
    note: First reading.
    tags: [offer]
  final:
    file: two.txt
    quote: called the offer final
    start: 0
    links: [{to: offer, type: follows}]
  talks:
    # to check against the wire copy
    file: two.txt
    quote: Talks resumed
`;

function run(args: string[], cwd: string): Promise<CliRun> {
  return runMarginalia(args, cwd);
}

const edit = (text: string, ...replacements: [string, string][]): string =>
  replacements.reduce((out, [from, to]) => {
    assert.ok(out.includes(from), `the fixture has ${JSON.stringify(from)}`);
    return out.replace(from, to);
  }, text);

describe('marginalia merge under git', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = new GitRepo()));
  afterEach(() => repo.remove());

  it('merges edits of different entries and fields, keeping every untouched line byte for byte', () => {
    const ours = edit(
      BASE,
      ['aliases: [Alma Reyes, Reyes]', 'aliases: [Reyes, Minister Reyes]'],
      ['    note: First reading.\n', '    note: First reading, ours.\n'],
      ['annotations:\n', 'annotations:\n  envoy:   # ours added\n    file: two.txt\n    quote: envoy\n'],
    );
    const theirs = edit(
      BASE,
      ['aliases: [Alma Reyes, Reyes]', 'aliases: [Alma Reyes, Reyes, Ms Reyes]'],
      ['    tags: [offer]\n', '    tags: [offer, treaty]\n    review: accepted\n'],
      ['    links: [{to: offer, type: follows}]\n', '    links:\n      - to: offer\n        type: follows\n      - to: talks   # theirs\n        type: same-event\n'],
      ['  northland:\n    name: Northland\n    kind: state\n    aliases: [Northland]\n', ''],
      ['    quote: Talks resumed\n', '    quote: Talks resumed\n  # found on the second read\n  pledge:\n    file: one.txt\n    quote: "a pledge: kept"   # theirs added\n'],
    );
    const merged = repo.mergeThree(BASE, ours, theirs);
    assert.equal(merged.status, 0, merged.output);
    assert.deepStrictEqual(load(merged.text), {
      version: 1,
      documents: { 'one.txt': { title: 'The offer' } },
      actors: { reyes: { name: 'Alma Reyes', kind: 'person', aliases: ['Reyes', 'Minister Reyes', 'Ms Reyes'] } },
      annotations: {
        envoy: { file: 'two.txt', quote: 'envoy' },
        offer: { file: 'one.txt', quote: 'the offer was', note: 'First reading, ours.', tags: ['offer', 'treaty'], review: 'accepted' },
        final: { file: 'two.txt', quote: 'called the offer final', start: 0, links: [{ to: 'offer', type: 'follows' }, { to: 'talks', type: 'same-event' }] },
        talks: { file: 'two.txt', quote: 'Talks resumed' },
        pledge: { file: 'one.txt', quote: 'a pledge: kept' },
      },
    });
    // OURS's own lines stay as they were; entries taken from THEIRS keep THEIRS's lines and comments.
    assert.ok(merged.text.startsWith('# Team review of the Northland talks.\nversion: 1\ndocuments:\n  one.txt:\n    title: The offer\nactors:\n  reyes:   # the minister\n'));
    assert.ok(merged.text.includes('  envoy:   # ours added\n    file: two.txt\n    quote: envoy\n  offer:\n    file: one.txt   # a path\n'));
    assert.ok(merged.text.includes('      - to: talks   # theirs\n        type: same-event\n'), 'the entry only THEIRS changed is THEIRS\'s text');
    assert.ok(merged.text.includes('  talks:\n    # to check against the wire copy\n    file: two.txt\n    quote: Talks resumed\n  # found on the second read\n  pledge:\n    file: one.txt\n    quote: "a pledge: kept"   # theirs added\n'));
    assert.equal(repo.git('status', '--porcelain'), '');
  });

  it('marks a field changed differently on both sides around that entry alone, and exits 1', () => {
    const ours = edit(BASE, ['    note: First reading.\n', '    note: Ours reads it as binding.\n'], ['    quote: Talks resumed\n', '    quote: Talks resumed\n    review: accepted\n']);
    const theirs = edit(BASE, ['    note: First reading.\n', '    note: Theirs reads it as vague.\n'], ['    tags: [offer]\n', '    tags: [offer, treaty]\n'], ['aliases: [Northland]', 'aliases: [Northland, the North]']);
    const merged = repo.mergeThree(BASE, ours, theirs);
    assert.notEqual(merged.status, 0);
    assert.match(merged.output, /marginalia merge: marginalia\.yaml: conflict in annotation "offer": note changed differently on both sides/);
    assert.match(merged.output, /CONFLICT \(content\): Merge conflict in marginalia\.yaml/);
    // Each side of the markers is the whole entry, with THEIRS's other change (the tag) merged in both.
    assert.ok(
      merged.text.includes(
        'annotations:\n<<<<<<< ours\n  offer:\n    file: one.txt   # a path\n    quote: the offer was\n    note: Ours reads it as binding.\n    tags: [offer, treaty]\n=======\n  offer:\n    file: one.txt   # a path\n    quote: the offer was\n    note: Theirs reads it as vague.\n    tags: [offer, treaty]\n>>>>>>> theirs\n  final:\n',
      ),
      merged.text,
    );
    assert.equal(merged.text.split('<<<<<<<').length, 2, 'one conflict');
    const oursChoice = load(resolveConflictMarkers(merged.text, 'ours')) as { annotations: Record<string, { note?: string; review?: string }>; actors: Record<string, { aliases: string[] }> };
    const theirsChoice = load(resolveConflictMarkers(merged.text, 'theirs')) as typeof oursChoice;
    assert.equal(oursChoice.annotations.offer.note, 'Ours reads it as binding.');
    assert.equal(theirsChoice.annotations.offer.note, 'Theirs reads it as vague.');
    for (const choice of [oursChoice, theirsChoice]) {
      assert.equal(choice.annotations.talks.review, 'accepted', 'OURS\'s other change is in both');
      assert.deepEqual(choice.actors.northland.aliases, ['Northland', 'the North'], 'THEIRS\'s other change is in both');
    }
  });

  it('marks an entry deleted on one side and changed on the other, keeping the changed one', () => {
    const ours = edit(BASE, ['  talks:\n    # to check against the wire copy\n    file: two.txt\n    quote: Talks resumed\n', '']);
    const theirs = edit(BASE, ['    quote: Talks resumed\n', '    quote: Talks resumed\n    note: Theirs kept this one.\n']);
    const merged = repo.mergeThree(BASE, ours, theirs);
    assert.notEqual(merged.status, 0);
    assert.match(merged.output, /conflict in annotation "talks": deleted on one side, changed on the other/);
    assert.ok(merged.text.includes('<<<<<<< ours\n=======\n  talks:\n    # to check against the wire copy\n    file: two.txt\n    quote: Talks resumed\n    note: Theirs kept this one.\n>>>>>>> theirs\n'), merged.text);
    assert.ok(!('talks' in (load(resolveConflictMarkers(merged.text, 'ours')) as { annotations: object }).annotations), 'choosing OURS deletes it');
  });

  it('merges two branches of 50 random edits each into the union an independent oracle computes (a few cases; more in the property tier)', () => {
    fc.assert(fc.property(scenarioArb(50), checkScenario), { seed: 20_261_123, numRuns: 3 });
  });

  it('merges sidecars in every style people write without refusing one it should write (a few cases; more in the property tier)', () => {
    fc.assert(fc.property(styleCaseArb, checkStyleCase), { seed: 20_261_123, numRuns: 60 });
  });
});

describe('marginalia merge on files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'marginalia-merge-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };

  it('refuses an unreadable side with file:line:col and exit 2, leaving OURS untouched', async () => {
    const ours = edit(BASE, ['    note: First reading.\n', '    note: Ours.\n']);
    write('base', BASE);
    write('ours', ours);
    write('theirs', edit(BASE, ['    quote: Talks resumed\n', '    quote: [Talks resumed\n']));
    const result = await run(['merge', 'base', 'ours', 'theirs', 'corpus/marginalia.yaml'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^corpus\/marginalia\.yaml:\d+:\d+: error: their version cannot be merged: /m);
    assert.equal(readFileSync(path.join(dir, 'ours'), 'utf8'), ours);
  });

  it('takes an empty BASE (the file added on both sides) as an empty sidecar', async () => {
    write('base', '');
    write('ours', 'version: 1\nannotations:\n  a:\n    file: one.txt\n    quote: alpha\n');
    write('theirs', 'version: 1\nannotations:\n  b:\n    file: one.txt\n    quote: beta\n');
    const result = await run(['merge', 'base', 'ours', 'theirs'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(dir, 'ours'), 'utf8'), 'version: 1\nannotations:\n  a:\n    file: one.txt\n    quote: alpha\n  b:\n    file: one.txt\n    quote: beta\n');
  });

  it('fills an empty section, adds a section OURS lacks, and merges relations and ignored suggestions as sets', async () => {
    const base = 'version: 1\nrelations:\n  - from: a\n    to: b\n    type: alliance\n    evidence: [n1]\nannotations: {}   # none yet\n';
    write('base', base);
    write('ours', base.replace('evidence: [n1]', 'evidence: [n1, n2]').replace('version: 1\n', 'version: 1\nignoreSuggestions: [Foo]\n'));
    write('theirs', base.replace('type: alliance\n', 'type: alliance\n    label: Treaty\n').replace('version: 1\n', 'version: 1\nignoreSuggestions: [Bar]\n').replace('annotations: {}   # none yet\n', 'annotations:\n  t1:\n    file: x.txt\n    quote: q\ndocuments:\n  x.txt:\n    title: X\n'));
    const result = await run(['merge', 'base', 'ours', 'theirs'], dir);
    assert.equal(result.code, 0, result.stderr);
    const text = readFileSync(path.join(dir, 'ours'), 'utf8');
    assert.deepStrictEqual(load(text), {
      version: 1,
      ignoreSuggestions: ['Foo', 'Bar'],
      relations: [{ from: 'a', to: 'b', type: 'alliance', evidence: ['n1', 'n2'], label: 'Treaty' }],
      annotations: { t1: { file: 'x.txt', quote: 'q' } },
      documents: { 'x.txt': { title: 'X' } },
    });
    assert.ok(text.includes('annotations:    # none yet\n  t1:\n'), text);
  });

  it('keeps a CRLF sidecar CRLF and its BOM', async () => {
    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    write('base', crlf(BASE));
    write('ours', '\ufeff' + crlf(edit(BASE, ['    note: First reading.\n', '    note: Ours.\n'])));
    write('theirs', crlf(edit(BASE, ['    quote: Talks resumed\n', '    quote: Talks resumed\n    review: draft\n'], ['aliases: [Northland]', 'aliases: [Northland, "North: land"]'])));
    const result = await run(['merge', 'base', 'ours', 'theirs'], dir);
    assert.equal(result.code, 0, result.stderr);
    const text = readFileSync(path.join(dir, 'ours'), 'utf8');
    assert.ok(text.startsWith('\ufeff#'));
    assert.ok(!/[^\r]\n/.test(text), 'every line break is CRLF');
    assert.ok(text.includes('    quote: Talks resumed\r\n    review: draft\r\n'));
  });

  it('names the entry, exits 2 and writes nothing when the merge cannot be written as meant', async () => {
    // A conflict in an entry written in flow style on its section's line cannot be marked around it alone.
    write('base', 'version: 1\nannotations: {a: {file: one.txt, quote: alpha}}\n');
    const ours = write('ours', 'version: 1\nannotations: {a: {file: one.txt, quote: alpha, note: ours}}\n');
    write('theirs', 'version: 1\nannotations: {a: {file: one.txt, quote: alpha, note: theirs}}\n');
    const result = await run(['merge', 'base', 'ours', 'theirs'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /annotation "a" conflicts but is not on lines of its own/);
    assert.equal(readFileSync(path.join(dir, ours), 'utf8'), 'version: 1\nannotations: {a: {file: one.txt, quote: alpha, note: ours}}\n');
  });

  it('gives THEIRS when OURS changed nothing, OURS when THEIRS changed nothing, and wants three files', async () => {
    const theirs = edit(BASE, ['    start: 0\n', '    start: 12\n'], ['  northland:\n', '  northland:   # theirs\n']);
    write('base', BASE);
    write('ours', BASE);
    write('theirs', theirs);
    assert.equal((await run(['merge', 'base', 'ours', 'theirs', 'marginalia.yaml'], dir)).code, 0);
    assert.equal(readFileSync(path.join(dir, 'ours'), 'utf8'), theirs);
    const ours = edit(BASE, ['    note: First reading.\n', '    note: Ours.   # mine\n']);
    write('ours', ours);
    write('theirs', BASE);
    assert.equal((await run(['merge', 'base', 'ours', 'theirs'], dir)).code, 0);
    assert.equal(readFileSync(path.join(dir, 'ours'), 'utf8'), ours);
    const usage = await run(['merge', 'base', 'ours'], dir);
    assert.equal(usage.code, 2, 'two files are not enough');
    assert.match(usage.stderr, /usage: marginalia merge BASE OURS THEIRS \[PATH\]/);
  });
});

describe('marginalia init --git', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'marginalia-init-git-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .gitattributes when there is none and prints the git config commands', async () => {
    const result = await run(['init', '--git', '.'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(dir, '.gitattributes'), 'utf8'), 'marginalia.yaml merge=marginalia\n');
    assert.match(result.stdout, /git config merge\.marginalia\.driver "marginalia merge %O %A %B %P"/);
    assert.match(result.stdout, /git config merge\.marginalia\.name "Marginalia sidecar merge"/);
    assert.ok(!existsSync(path.join(dir, 'marginalia.yaml')), 'init --git writes no sidecar');
  });

  it('never changes an existing .gitattributes: prints the line to add instead', async () => {
    writeFileSync(path.join(dir, '.gitattributes'), '*.txt text\n');
    const result = await run(['init', '--git'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(dir, '.gitattributes'), 'utf8'), '*.txt text\n');
    assert.match(result.stdout, /exists and was left as it is; add this line to it:\n {2}marginalia\.yaml merge=marginalia\n/);
    writeFileSync(path.join(dir, '.gitattributes'), '*.txt text\nmarginalia.yaml  merge=marginalia\n');
    assert.match((await run(['init', '--git'], dir)).stdout, /already has: marginalia\.yaml merge=marginalia/);
  });
});

/**
 * A quote that occurs more than once with nothing stored to choose a copy is ambiguous, everywhere
 * the anchor is used: a problem naming every candidate line, `index --json`, `check`, `reanchor`
 * (never stores it, exits 1) and the reviewer's notes (listed with the orphans). And a fuzzy
 * match never says it is 100% similar.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { planReanchor } from '../../src/core/reanchor';
import { buildReviewNotes, renderMarkdown } from '../../src/core/report';
import { InMemoryCorpus } from '../../src/core/workspace';

// Line 3 and line 7 carry the same sentence: a pull quote repeats the passage.
const PIER = [
  'Pier report',
  '',
  '"The old pier will be closed to boats until spring," the council wrote.',
  '',
  'The council met on Monday. It voted after a long debate.',
  '',
  'In its letter the council said: "The old pier will be closed to boats until spring," adding that repairs were due.',
  '',
].join('\n');

const SIDECAR = `version: 1
annotations:
  closure:
    file: pier.txt
    quote: The old pier will be closed to boats until spring
    note: Which copy did the reviewer mean?
  vote:
    file: pier.txt
    quote: It voted after a long debate
`;

describe('ambiguous anchors in the corpus', () => {
  const build = (sidecar = SIDECAR, pier = PIER): Promise<CorpusIndex> => CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': sidecar, 'pier.txt': pier }));

  it('are an error problem at the annotation that names every candidate line', async () => {
    const corpus = await build();
    const first = PIER.indexOf('The old pier');
    const second = PIER.indexOf('The old pier', first + 1);
    assert.deepEqual(corpus.anchorOf('closure')?.candidates?.map((c) => c.start), [first, second]);
    assert.equal(corpus.anchorLine('closure'), undefined, 'no line is guessed');
    const problems = corpus.problems().filter((p) => p.code === 'ambiguous-anchor');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.equal(problems[0].file, 'marginalia.yaml');
    assert.match(problems[0].message, /^annotation "closure" is ambiguous: its quote is on lines 3 and 7 of pier\.txt \(2 copies\); /);
    assert.equal(corpus.locate(problems[0]).start.line, 2, 'at the annotation in the sidecar');
  });

  it('name line and column when two copies share a line, and at most ten lines', async () => {
    const quoteOnly = `version: 1\nannotations:\n  boats:\n    file: pier.txt\n    quote: Boats wait\n`;
    const corpus = await build(quoteOnly, 'Boats wait. Boats wait.\n');
    assert.match(corpus.problems().find((p) => p.code === 'ambiguous-anchor')!.message, /is on lines 1:1 and 1:13 of pier\.txt \(2 copies\);/);
    const many = await build(quoteOnly, 'Boats wait.\n'.repeat(12));
    assert.match(many.problems().find((p) => p.code === 'ambiguous-anchor')!.message, /is on lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more of pier\.txt \(12 copies\);/);
  });

  it('are never stored by reanchor, and counted', async () => {
    const plan = planReanchor(await build());
    assert.equal(plan.ambiguous, 1);
    assert.equal(plan.orphaned, 0);
    assert.deepEqual(plan.edits.map((e) => e.kind === 'setAnchor' && e.annotationId), ['vote']);
    assert.deepEqual(plan.outcomes.find((o) => o.id === 'closure'), { id: 'closure', status: 'ambiguous', updated: false });
  });

  it('are listed with the orphans in the reviewer’s notes, not under a line', async () => {
    const notes = buildReviewNotes(await build());
    assert.deepEqual(notes.groups.map((g) => [g.kind, g.notes.map((n) => n.id)]), [['document', ['vote']], ['orphaned', ['closure']]]);
    assert.equal(notes.groups[1].notes[0].line, undefined);
    assert.match(notes.groups[1].details.join(' '), /found more than once/);
    assert.match(renderMarkdown(notes), /anchor: ambiguous/);
  });

  it('a fuzzy match never reads 100% similar', async () => {
    const quote = 'The council met on Monday. It voted after a long debate. '.repeat(4).trim();
    const sidecar = `version: 1\nannotations:\n  long:\n    file: pier.txt\n    quote: ${JSON.stringify(quote)}\n`;
    // One character changed in a 227-character quote: 99.6% similar.
    const corpus = await build(sidecar, `Intro.\n${quote.replace('Monday', 'Mondey')}\n`);
    assert.equal(corpus.anchorOf('long')?.status, 'fuzzy');
    assert.match(corpus.problems().find((p) => p.code === 'fuzzy-anchor')!.message, /\(99% similar\)/);
  });
});

describe('marginalia CLI on an ambiguous anchor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'marginalia-ambiguous-'));
    writeFileSync(path.join(dir, 'pier.txt'), PIER);
    writeFileSync(path.join(dir, 'marginalia.yaml'), SIDECAR);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]): Promise<{ code: number; stdout: string }> => {
    let stdout = '';
    const code = await runCli([...args, dir], { stdout: (t) => (stdout += t), stderr: () => undefined }, dir);
    return { code, stdout };
  };

  it('index --json shows the status; check and reanchor exit 1; reanchor leaves it as it is until a prefix chooses', async () => {
    const index = JSON.parse((await run('index', '--json')).stdout);
    const first = PIER.indexOf('The old pier');
    const second = PIER.lastIndexOf('The old pier');
    const length = 'The old pier will be closed to boats until spring'.length;
    assert.deepEqual(index.annotations.find((a: { id: string }) => a.id === 'closure'), {
      id: 'closure', file: 'pier.txt', status: 'ambiguous', confidence: 0, start: null, end: null,
      candidates: [{ start: first, end: first + length }, { start: second, end: second + length }],
    });

    const check = await run('check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^marginalia\.yaml:3:3: error: annotation "closure" is ambiguous: its quote is on lines 3 and 7 of pier\.txt \(2 copies\);/m);

    const reanchor = await run('reanchor');
    assert.equal(reanchor.code, 1);
    assert.match(reanchor.stdout, /closure: ambiguous/);
    assert.match(reanchor.stdout, /1 anchor updated, 0 orphaned, 1 ambiguous/);
    const json = JSON.parse((await run('reanchor', '--json')).stdout);
    assert.deepEqual([json.updated, json.orphaned, json.ambiguous], [0, 0, 1]);
    const sidecar = readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8');
    assert.ok(sidecar.includes('    quote: The old pier will be closed to boats until spring\n    note: Which copy did the reviewer mean?\n'), 'nothing stored for it');

    // Saying which copy: a prefix found before the second only.
    writeFileSync(path.join(dir, 'marginalia.yaml'), sidecar.replace('    note: Which', '    prefix: "the council said: \\""\n    note: Which'));
    assert.equal((await run('reanchor')).code, 0);
    assert.equal((await run('check')).code, 0);
    const closure = JSON.parse((await run('index', '--json')).stdout).annotations.find((a: { id: string }) => a.id === 'closure');
    assert.deepEqual([closure.status, closure.start, closure.candidates], ['exact', second, undefined]);
  });
});

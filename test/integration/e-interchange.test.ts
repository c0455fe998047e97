/**
 * Interchange in the real extension host: Export Annotations as W3C Web Annotations and as brat
 * standoff, and Import Annotations, each given its file or folder instead of a dialog. The import
 * writes through the corpus service; the fixture sidecar is restored afterwards.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportOutcome } from '../../src/vscode/interchangeCommands';
import { COMMANDS } from '../../src/vscode/ids';
import { api, fileUri, readText, waitUntil, writeText } from './helpers';

const SIDECAR = 'marginalia.yaml';

describe('Interchange: W3C Web Annotations, brat, import', () => {
  let original: string;
  let outside: string;
  before(async () => {
    await api();
    original = await readText(SIDECAR);
    outside = mkdtempSync(path.join(tmpdir(), 'marginalia-interchange-'));
  });
  after(async () => {
    const { service } = await api();
    await writeText(SIDECAR, original);
    await waitUntil(() => service.corpus?.sidecar.text === original.replace(/^\ufeff/, ''), 'the fixture sidecar to be back');
    rmSync(outside, { recursive: true, force: true });
  });

  it('exports, empties the annotations, imports them back: the same annotations at the same places, and what could not be placed is reported', async () => {
    const { service } = await api();
    const before = service.corpus!;
    const anchors = new Map([...before.index.annotations.keys()].map((id) => [id, { range: before.anchorOf(id)?.range, note: before.index.annotations.get(id)!.note, links: before.index.annotations.get(id)!.links.map((l) => l.to) }]));
    const target = vscode.Uri.file(path.join(outside, 'fixture.jsonld'));
    const written = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.exportW3c, target);
    assert.equal(written?.toString(), target.toString());
    const json = JSON.parse(readFileSync(target.fsPath, 'utf8'));
    assert.equal(json.type, 'AnnotationCollection');
    assert.deepEqual(json.first.items.map((i: { id: string }) => i.id), [...anchors.keys()].map((id) => `#${id}`));
    const accord = json.first.items.find((i: { id: string }) => i.id === '#accord-terms');
    assert.equal(accord.target.source, 'articles/harbor-talks.txt');
    assert.equal(accord.target.selector[0].exact, 'sign a limited fisheries accord');

    // The same corpus without annotations.
    const emptied = original.slice(0, original.indexOf('\nannotations:')) + '\nannotations: {}\n';
    await writeText(SIDECAR, emptied);
    await waitUntil(() => service.corpus?.index.annotations.size === 0, 'the emptied sidecar to be loaded');

    const outcome = await vscode.commands.executeCommand<ImportOutcome>(COMMANDS.importAnnotations, target);
    assert.ok(outcome, 'the import ran');
    assert.equal(outcome.written, true);
    const corpus = service.corpus!;
    const unplaced = new Set(outcome.notPlaced.map((n) => n.label.replace(/^#/, '')));
    // An orphaned passage has no place to import it to: reported, never put somewhere.
    assert.ok(unplaced.has('vanished'), JSON.stringify(outcome.notPlaced));
    for (const [id, was] of anchors) {
      if (unplaced.has(id)) {
        assert.equal(was.range, undefined, `${id} was not placed: it had no single place before either`);
        assert.ok(!corpus.index.annotations.has(id));
        continue;
      }
      assert.deepEqual(corpus.anchorOf(id)?.range, was.range, `${id} anchors where it did`);
      assert.equal(corpus.index.annotations.get(id)?.note, was.note, `${id} keeps its note`);
    }
    // Links to annotations that were placed come back.
    assert.deepEqual(corpus.index.annotations.get('accord-terms')?.links.map((l) => l.to), anchors.get('accord-terms')!.links.filter((to) => !unplaced.has(to)));
    const onDisk = await readText(SIDECAR);
    assert.match(onDisk, /\n {2}accord-terms:\n/, 'written to the sidecar on disk');

    // Imported again: every id is taken by the same annotation, so nothing is written.
    const again = await vscode.commands.executeCommand<ImportOutcome>(COMMANDS.importAnnotations, target);
    assert.equal(again.placed.length, 0);
    assert.ok(again.alreadyPresent.includes('accord-terms'));
    assert.equal(await readText(SIDECAR), onDisk);
  });

  it('exports brat standoff to a folder outside the corpus, and refuses one inside it', async () => {
    await api();
    const folder = vscode.Uri.file(path.join(outside, 'brat'));
    const result = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.exportBrat, folder);
    assert.equal(result?.toString(), folder.toString());
    assert.ok(readdirSync(path.join(folder.fsPath, 'articles')).includes('harbor-talks.ann'));
    const txt = readFileSync(path.join(folder.fsPath, 'articles', 'harbor-talks.txt'), 'utf8');
    const ann = readFileSync(path.join(folder.fsPath, 'articles', 'harbor-talks.ann'), 'utf8');
    const line = ann.split('\n').find((l) => l.endsWith('\tsign a limited fisheries accord'));
    assert.ok(line, ann);
    const [start, end] = line.split('\t')[1].split(' ').slice(1).map(Number);
    assert.equal(Array.from(txt).slice(start, end).join(''), 'sign a limited fisheries accord');

    const inside = fileUri('brat-out');
    assert.equal(await vscode.commands.executeCommand(COMMANDS.exportBrat, inside), undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(inside)), 'nothing was written inside the corpus');
  });
});

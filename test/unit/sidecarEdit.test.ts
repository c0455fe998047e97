import * as assert from 'node:assert/strict';
import { parseSidecar } from '../../src/core/sidecar/read';
import { hasMissingSpans, resolveAllSpans } from '../../src/core/sidecar/lazySpans';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { SidecarEdit, SidecarEditError } from '../../src/core/sidecar/edits';
import { editSidecar, SidecarConflictError } from '../../src/core/sidecar/store';
import { commentsOf, SidecarVerificationError, verifySidecarEdit } from '../../src/core/sidecar/verify';
import { InMemoryCorpus } from '../../src/core/workspace';

const original = `# Marginalia index — keep this header
version: 1
actors:   # people and states
  putin:
    name: Vladimir Putin   # full name
    kind: person
    aliases: [Putin, Vladimir Putin]
    x-review-owner: anna   # a key Marginalia does not know
  # states below
  russia:
    name: Russia
    kind: state
    aliases:
      - Russia   # the plain name
      - Moscow
annotations:
  n1:
    file: a.txt
    quote: signed the accord  # the anchor
    actors: [putin]
    note: |
      First line.
      Second line.
  n2:
    file: b.txt
    quote: 'the reply'
    links:
      - to: n1
        type: contrasts
relations:
  - from: russia
    to: putin
    evidence: [n1, n2]
# trailing comment
`;

/** Applies edits and checks the sidecar stays valid, and that its index, re-read only where the edits wrote, is the index of the whole new text. */
function edit(edits: SidecarEdit[], text = original): string {
  const next = applySidecarEdits(parseSidecar(text), edits);
  const reparsed = parseSidecar(next.text);
  assert.deepEqual(reparsed.problems, [], `the edited sidecar must stay valid:\n${next.text}`);
  // Spans the fast reader left to compute are computed for the comparison.
  resolveAllSpans(reparsed.index);
  resolveAllSpans(next.index);
  assert.deepEqual(next.index, reparsed.index, 'the index re-read entry by entry is the index of the whole text');
  assert.deepEqual(next.problems, reparsed.problems);
  return next.text;
}

/** Lines of `after` that are not in `before`, and the other way round. */
function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

describe('applySidecarEdits', () => {
  it('sets an anchor, touching only that annotation and keeping every comment', () => {
    const next = edit([{ kind: 'setAnchor', annotationId: 'n1', selector: { quote: 'signed the accord', prefix: 'They ', suffix: ' on: Monday', start: 42 } }]);
    assert.deepEqual(lineDiff(original, next), { added: ['    prefix: "They "', '    suffix: " on: Monday"', '    start: 42'], removed: [] });
    const n1 = parseSidecar(next).index.annotations.get('n1')!;
    assert.deepEqual([n1.prefix, n1.suffix, n1.start, n1.note], ['They ', ' on: Monday', 42, 'First line.\nSecond line.\n']);
  });

  it('replaces an existing scalar in place, keeping its trailing comment', () => {
    const next = edit([{ kind: 'setAnchor', annotationId: 'n1', selector: { quote: 'signed the new accord', prefix: '', suffix: '', start: 7 } }]);
    assert.ok(next.includes('    quote: signed the new accord  # the anchor\n'));
  });

  it('adds an alias to a flow list and to a block list', () => {
    const next = edit([
      { kind: 'addAlias', actorId: 'putin', alias: 'Putin’s' },
      { kind: 'addAlias', actorId: 'russia', alias: 'the Kremlin' },
    ]);
    assert.deepEqual(lineDiff(original, next), {
      added: ['    aliases: [Putin, Vladimir Putin, Putin’s]', '      - the Kremlin'],
      removed: ['    aliases: [Putin, Vladimir Putin]'],
    });
    assert.ok(next.includes('      - Russia   # the plain name\n      - Moscow\n      - the Kremlin\n'));
  });

  it('does not add an alias twice', () => {
    assert.equal(edit([{ kind: 'addAlias', actorId: 'putin', alias: 'Putin' }]), original);
  });

  it('adds an annotation at the end of the section, quoting what needs quoting', () => {
    const next = edit([{ kind: 'addAnnotation', id: 'n3', annotation: { file: 'folder with spaces/c.txt', quote: 'key: value # not a comment', note: 'Two\nlines', tags: ['t'], actors: ['russia'], start: 5 } }]);
    const n3 = parseSidecar(next).index.annotations.get('n3')!;
    assert.deepEqual([n3.file, n3.quote, n3.note, n3.tags, n3.actors, n3.start], ['folder with spaces/c.txt', 'key: value # not a comment', 'Two\nlines', ['t'], ['russia'], 5]);
    assert.ok(next.indexOf('  n3:') > next.indexOf('  n2:') && next.indexOf('  n3:') < next.indexOf('relations:'));
  });

  it('turns an empty `{}` section into a block section at its first entry, comments kept', () => {
    const add = (text: string): string => edit([{ kind: 'addAnnotation', id: 'n1', annotation: { file: 'a.txt', quote: 'a passage' } }], text);
    assert.equal(add('version: 1\nannotations: {}\n'), 'version: 1\nannotations:\n  n1:\n    file: a.txt\n    quote: a passage\n');
    assert.equal(add('version: 1\nannotations: {}   # none yet\nrelations: []\n'), 'version: 1\nannotations:    # none yet\n  n1:\n    file: a.txt\n    quote: a passage\nrelations: []\n');
    assert.equal(add('version: 1\nannotations: {}'), 'version: 1\nannotations:\n  n1:\n    file: a.txt\n    quote: a passage\n', 'no final line break');
    assert.equal(add('version: 1\nannotations: {a: {file: b.txt, quote: q}}\n'), 'version: 1\nannotations: {a: {file: b.txt, quote: q}, n1: {file: a.txt, quote: a passage}}\n', 'a flow section with entries stays flow');
  });

  it('writes who annotated and when, read back as written (a date stays text)', () => {
    const next = edit([{ kind: 'addAnnotation', id: 'n3', annotation: { file: 'a.txt', quote: 'accord', author: 'Ana Ruiz: desk #2', created: '2026-11-23' } }]);
    assert.ok(next.includes('    author: "Ana Ruiz: desk #2"\n    created: "2026-11-23"\n'), next);
    const n3 = parseSidecar(next).index.annotations.get('n3')!;
    assert.deepEqual([n3.author, n3.created], ['Ana Ruiz: desk #2', '2026-11-23']);
    assert.deepEqual(parseSidecar(original).index.annotations.get('n1')!.author, undefined, 'absent when not written');
  });

  it('refuses an id that is taken and an annotation that does not exist', () => {
    assert.throws(() => edit([{ kind: 'addAnnotation', id: 'n1', annotation: { file: 'a.txt', quote: 'x' } }]), SidecarEditError);
    assert.throws(() => edit([{ kind: 'setAnnotationNote', id: 'nope', note: 'x' }]), SidecarEditError);
    assert.throws(() => edit([{ kind: 'renameActor', from: 'putin', to: 'russia' }]), SidecarEditError);
  });

  it('deletes an annotation and the links and evidence that pointed at it', () => {
    const next = edit([{ kind: 'deleteAnnotation', id: 'n1' }]);
    const index = parseSidecar(next).index;
    assert.deepEqual([...index.annotations.keys()], ['n2']);
    assert.deepEqual(index.annotations.get('n2')!.links, []);
    assert.deepEqual(index.relations[0].evidence, ['n2']);
    assert.ok(next.includes('# trailing comment') && next.includes('# states below'));
  });

  it('renames an actor and every reference to it', () => {
    const next = edit([{ kind: 'renameActor', from: 'putin', to: 'vladimir-putin' }]);
    assert.deepEqual(lineDiff(original, next), {
      added: ['  vladimir-putin:', '    actors: [vladimir-putin]', '    to: vladimir-putin'],
      removed: ['  putin:', '    actors: [putin]', '    to: putin'],
    });
  });

  it('adds a link, review state and note', () => {
    const next = edit([
      { kind: 'addLink', from: 'n2', to: 'n1', type: 'supports' },
      { kind: 'addLink', from: 'n1', to: 'n2', type: 'follows' },
      { kind: 'setAnnotationReview', id: 'n1', review: 'disputed' },
      { kind: 'setAnnotationNote', id: 'n2', note: 'Replaced: note' },
    ]);
    const index = parseSidecar(next).index;
    assert.deepEqual(index.annotations.get('n2')!.links.map((l) => `${l.type}:${l.to}`), ['contrasts:n1', 'supports:n1']);
    assert.deepEqual(index.annotations.get('n1')!.links.map((l) => `${l.type}:${l.to}`), ['follows:n2']);
    assert.equal(index.annotations.get('n1')!.review, 'disputed');
    assert.equal(index.annotations.get('n2')!.note, 'Replaced: note');
  });

  it('applies a batch whose later edit names an entry an earlier one adds', () => {
    const next = edit([
      { kind: 'addAnnotation', id: 'n3', annotation: { file: 'c.txt', quote: 'new passage' } },
      { kind: 'addLink', from: 'n3', to: 'n1', type: 'supports' },
    ]);
    assert.deepEqual(parseSidecar(next).index.annotations.get('n3')!.links.map((l) => `${l.type}:${l.to}`), ['supports:n1']);
  });

  it('adds an actor to a sidecar that has no actors section yet', () => {
    const next = edit([{ kind: 'addActor', id: 'kim', actor: { name: 'Kim Jong Un', kind: 'person', aliases: ['Kim Jong Un', 'Kim'] } }], 'version: 1\n');
    assert.equal(next, 'version: 1\nactors:\n  kim:\n    name: Kim Jong Un\n    kind: person\n    aliases: [Kim Jong Un, Kim]\n');
  });

  it('adds to an empty section and to a file without a final newline', () => {
    assert.equal(
      edit([{ kind: 'addActor', id: 'k', actor: { name: 'K', kind: 'person', aliases: ['K'] } }], 'version: 1\nactors:\n'),
      'version: 1\nactors:\n  k:\n    name: K\n    kind: person\n    aliases: [K]\n',
    );
    const next = edit([{ kind: 'addAlias', actorId: 'k', alias: 'Kay' }], 'version: 1\nactors:\n  k:\n    aliases:\n      - K');
    assert.equal(next, 'version: 1\nactors:\n  k:\n    aliases:\n      - K\n      - Kay\n');
  });

  it('adds phrases to ignore, creating the list once, never twice', () => {
    const first = edit([{ kind: 'ignoreSuggestion', phrase: 'Velmorra' }]);
    assert.deepEqual(lineDiff(original, first), { added: ['ignoreSuggestions: [Velmorra]'], removed: [] });
    assert.ok(first.endsWith('    evidence: [n1, n2]\nignoreSuggestions: [Velmorra]\n# trailing comment\n'), 'a new top-level key goes after the last one');
    const second = edit([{ kind: 'ignoreSuggestion', phrase: 'Kim: the elder' }, { kind: 'ignoreSuggestion', phrase: 'Velmorra' }], first);
    assert.deepEqual(parseSidecar(second).index.ignoredSuggestions, ['Velmorra', 'Kim: the elder']);
  });

  it('re-reads only the entry an edit writes in; structural edits parse the whole text', () => {
    const rereadOnly = (edits: SidecarEdit[], text = original): boolean => {
      const next = applySidecarEdits(parseSidecar(text), edits);
      // The whole document is parsed only when first asked for: a getter still stands when it was not.
      // A whole text read by the fast reader instead leaves its spans to compute.
      return Object.getOwnPropertyDescriptor(next, 'document')?.get !== undefined && !hasMissingSpans(next.index);
    };
    assert.ok(rereadOnly([{ kind: 'setAnchor', annotationId: 'n2', selector: { quote: 'the reply', prefix: 'a', suffix: 'b', start: 3 } }]));
    assert.ok(rereadOnly([{ kind: 'addAnnotation', id: 'n3', annotation: { file: 'a.txt', quote: 'new' } }, { kind: 'addLink', from: 'n3', to: 'n1', type: 'supports' }]));
    assert.ok(rereadOnly([{ kind: 'addAlias', actorId: 'russia', alias: 'Kremlin' }, { kind: 'addActor', id: 'kim', actor: { name: 'Kim', kind: 'person', aliases: ['Kim'] } }]));
    assert.ok(!rereadOnly([{ kind: 'renameActor', from: 'putin', to: 'vladimir-putin' }]));
    assert.ok(!rereadOnly([{ kind: 'deleteAnnotation', id: 'n2' }]));
  });

  it('keeps the index right through a long run of mixed edits, in LF and CRLF files', () => {
    for (const lineBreak of ['\n', '\r\n']) {
      let state = parseSidecar(original.replace(/\n/g, lineBreak));
      let seed = 7;
      let rereadEntries = 0;
      const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
      for (let step = 0; step < 120; step++) {
        const annotations = [...state.index.annotations.keys()];
        const actors = [...state.index.actors.keys()];
        const pick = <T>(list: T[]): T => list[random(list.length)];
        const candidates = (step: number): SidecarEdit[] => [
          { kind: 'setAnchor', annotationId: pick(annotations), selector: { quote: `quote ${step}: "x"`, prefix: `p${step}`, suffix: '', start: step } },
          { kind: 'addAnnotation', id: `a${step}`, annotation: { file: 'a.txt', quote: `passage ${step}`, tags: step % 3 ? undefined : ['t'] } },
          { kind: 'setAnnotationNote', id: pick(annotations), note: step % 4 ? `note ${step}` : `line one\nline two ${step}` },
          { kind: 'setAnnotationReview', id: pick(annotations), review: step % 2 ? 'accepted' : 'disputed' },
          { kind: 'addLink', from: pick(annotations), to: pick(annotations), type: 'related' },
          { kind: 'addAlias', actorId: pick(actors), alias: `Alias ${step}` },
          { kind: 'addActor', id: `actor${step}`, actor: { name: `Actor ${step}`, kind: 'group', aliases: [`Actor ${step}`] } },
        ];
        const batch = [pick(candidates(step)), ...(step % 5 === 0 ? [pick(candidates(step + 1000))] : [])];
        state = applySidecarEdits(state, batch);
        if (Object.getOwnPropertyDescriptor(state, 'document')?.get && !hasMissingSpans(state.index)) rereadEntries++;
        const whole = parseSidecar(state.text);
        resolveAllSpans(whole.index);
        resolveAllSpans(state.index);
        assert.deepEqual(whole.problems, [], `step ${step}: ${JSON.stringify(batch)}`);
        assert.deepEqual(state.index, whole.index, `step ${step}: ${JSON.stringify(batch)}`);
      }
      assert.ok(state.index.annotations.size > 10);
      assert.equal(rereadEntries, 120, 'every one of these edits re-read only its entries');
      assert.equal(state.text.includes('\r\n'), lineBreak === '\r\n');
    }
  });

  it('keeps CRLF line breaks', () => {
    const crlf = original.replace(/\n/g, '\r\n');
    const next = edit([{ kind: 'setAnchor', annotationId: 'n2', selector: { quote: 'the reply', prefix: 'p', suffix: 's', start: 1 } }], crlf);
    assert.ok(!/[^\r]\n/.test(next), 'every line break is CRLF');
    assert.equal(parseSidecar(next).index.annotations.get('n2')!.start, 1);
  });

  it('refuses to edit an invalid sidecar', () => {
    assert.throws(() => applySidecarEdits(parseSidecar('version: 1\nactors: [\n'), [{ kind: 'addAlias', actorId: 'a', alias: 'A' }]), SidecarEditError);
  });
});

describe('editSidecar (the writer)', () => {
  it('names the sidecar by its path in the problems it keeps and finds', async () => {
    const text = 'version: 1\nactors:\n  moon: {name: Moon, kind: planet, aliases: [Moon]}\n  sun: {name: Sun, kind: other, aliases: [Sun]}\n';
    const fs = new InMemoryCorpus({ 'notes/index.yaml': text });
    const parsed = parseSidecar(text, 'notes/index.yaml');
    for (const actorId of ['sun', 'moon']) {
      const next = await editSidecar(fs, parseSidecar(fs.text('notes/index.yaml')!, 'notes/index.yaml'), 'notes/index.yaml', [{ kind: 'addAlias', actorId, alias: `The ${actorId}` }]);
      assert.deepEqual(next.problems.map((p) => [p.file, p.code]), [['notes/index.yaml', 'unknown-kind']], actorId);
    }
    assert.equal(parsed.problems[0].file, 'notes/index.yaml');
  });

  it('writes the edit, keeping a BOM', async () => {
    const fs = new InMemoryCorpus({ 'marginalia.yaml': '\ufeff' + original });
    const parsed = parseSidecar(fs.text('marginalia.yaml')!);
    await editSidecar(fs, parsed, 'marginalia.yaml', [{ kind: 'addAlias', actorId: 'putin', alias: 'V. Putin' }]);
    const bytes = (await fs.readFile('marginalia.yaml'))!;
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(new TextDecoder().decode(bytes).includes('[Putin, Vladimir Putin, V. Putin]'));
  });

  it('refuses to overwrite a change it has not seen, and writes nothing', async () => {
    const fs = new InMemoryCorpus({ 'marginalia.yaml': original });
    const parsed = parseSidecar(original);
    const changedElsewhere = original.replace('# trailing comment', '# edited in another editor');
    fs.set('marginalia.yaml', changedElsewhere);
    await assert.rejects(editSidecar(fs, parsed, 'marginalia.yaml', [{ kind: 'addAlias', actorId: 'putin', alias: 'X' }]), SidecarConflictError);
    assert.equal(fs.text('marginalia.yaml'), changedElsewhere);
  });
});

describe('verifySidecarEdit (the proof before a write)', () => {
  const text = 'version: 1\nannotations:\n  n1:   # first\n    file: a.txt\n    quote: the reply\n  n2:\n    file: b.txt\n    quote: other words  # keep me\n';
  const note: SidecarEdit = { kind: 'setAnnotationNote', id: 'n1', note: 'meant' };

  it('passes what the edits meant, entry by entry and on the whole text', () => {
    const before = parseSidecar(text);
    verifySidecarEdit(before, applySidecarEdits(before, [note]), [note], 'marginalia.yaml');
    const rename: SidecarEdit = { kind: 'deleteAnnotation', id: 'n2' };
    verifySidecarEdit(before, applySidecarEdits(before, [rename]), [rename], 'marginalia.yaml');
  });

  it('proves a new annotation with its author and date, and refuses one whose date reads back different', () => {
    const before = parseSidecar(text);
    const add: SidecarEdit = { kind: 'addAnnotation', id: 'n3', annotation: { file: 'a.txt', quote: 'q', author: 'Ana', created: '2026-11-23' } };
    verifySidecarEdit(before, applySidecarEdits(before, [add]), [add], 'm.yaml');
    const wrongDate = parseSidecar(`${text}  n3:\n    file: a.txt\n    quote: q\n    author: Ana\n    created: "2026-11-24"\n`);
    assert.throws(() => verifySidecarEdit(before, wrongDate, [add], 'm.yaml'), /annotation "n3" \(its created\)/);
  });

  it('refuses a text whose edited entry reads back different, naming the entry and field', () => {
    const wrong = parseSidecar(text.replace('    quote: the reply\n', '    quote: the reply\n    note: not meant\n'));
    assert.throws(() => verifySidecarEdit(parseSidecar(text), wrong, [note], 'marginalia.yaml'), (error: Error) => {
      assert.ok(error instanceof SidecarVerificationError);
      assert.match(error.message, /annotation "n1" \(its note\) would read back as "not meant" instead of "meant"/);
      return true;
    });
  });

  it('refuses a text where another entry changed, or a comment went', () => {
    const otherChanged = parseSidecar(text.replace('    quote: the reply\n', '    quote: the reply\n    note: meant\n').replace('other words', 'other word'));
    assert.throws(() => verifySidecarEdit(parseSidecar(text), otherChanged, [note], 'm.yaml'), /annotation "n2" \(its quote\)/);
    const commentGone = parseSidecar(text.replace('    quote: the reply\n', '    quote: the reply\n    note: meant\n').replace('  # keep me', ''));
    assert.throws(() => verifySidecarEdit(parseSidecar(text), commentGone, [note], 'm.yaml'), /the comment "# keep me" would be lost/);
  });

  it('lets a deleted entry take its comments with it, and nothing else', () => {
    const before = parseSidecar(text);
    const deleteFirst: SidecarEdit = { kind: 'deleteAnnotation', id: 'n1' };
    verifySidecarEdit(before, applySidecarEdits(before, [deleteFirst]), [deleteFirst], 'm.yaml');
  });

  it('finds comments as YAML does: not inside quoted or block scalars', () => {
    const yaml = 'a: "x # not" # yes\nb: \'it\'\'s # not\' #also\nc: C# # real\nd: |\n  # inside a block\n  text\ne: it\'s # plain\n# own line\n';
    assert.deepEqual(commentsOf(yaml).map((c) => c.text), ['# yes', '#also', '# real', '# plain', '# own line']);
  });
});

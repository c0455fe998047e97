/**
 * The sidecar writer, checked against an independent reader (`sidecarOracle.ts`). Sidecars are
 * generated in every style people write (`sidecarGenerators.ts`, emitted by our own
 * `sidecarYaml.ts`), edited with `applySidecarEdits`, and read back with js-yaml.
 *
 * `MARGINALIA_PROPERTY_SEED` and `MARGINALIA_PROPERTY_RUNS` override the fixed seed and the
 * number of cases; a failure prints the seed and the path that replays it.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { SidecarEdit } from '../../src/core/sidecar/edits';
import { parseSidecar } from '../../src/core/sidecar/read';
import { caseArb } from './sidecarGenerators';
import { checkCase, checkEdits, fastReaderCounts } from './sidecarOracle';
import { Comment } from './sidecarYaml';

const seed = process.env.MARGINALIA_PROPERTY_SEED ? Number(process.env.MARGINALIA_PROPERTY_SEED) : 20_260_923;
const numRuns = process.env.MARGINALIA_PROPERTY_RUNS ? Number(process.env.MARGINALIA_PROPERTY_RUNS) : 10_000;

describe('sidecar writer, property-based', () => {
  it(`changes only what each edit means, keeps every comment and line break (${numRuns} generated cases)`, () => {
    fc.assert(fc.property(caseArb, checkCase), { seed, numRuns });
    // Both sides of the fast reader were checked: what it reads, against `yaml`, and what it declines.
    assert.ok(fastReaderCounts.read > numRuns / 10, `the fast reader read ${fastReaderCounts.read} texts, declined ${fastReaderCounts.declined}`);
    assert.ok(fastReaderCounts.declined > 0);
  });
});

describe('sidecar writer, the issue’s cases', () => {
  const sidecar = (...entry: string[]): string => ['version: 1', 'annotations:', ...entry, ''].join('\n');
  const anchor = (id: string, quote: string, prefix: string, suffix: string, start = 10): SidecarEdit => ({ kind: 'setAnchor', annotationId: id, selector: { quote, prefix, suffix, start } });
  const keptComments = (...texts: string[]): Comment[] => texts.map((text) => ({ text, tags: [] }));

  it('1: a multi-line prefix starting with a space reads back as written', () => {
    const text = sidecar('  n1:', '    file: a.txt', '    quote: Putin', '    prefix: "The summit with "');
    checkEdits(text, [anchor('n1', 'Putin', '         new suitor.\n\nThe summit with ', ' on Tuesday')]);
  });

  it('1: the same in a CRLF sidecar, and for a note', () => {
    const text = sidecar('  n1:', '    file: a.txt', '    quote: Putin', '    prefix: "The summit with "', '    note: old').replace(/\n/g, '\r\n');
    checkEdits(text, [anchor('n1', 'Putin', '         new suitor.\n\nThe summit with ', ' on Tuesday\r\n')]);
    checkEdits(text, [{ kind: 'setAnnotationNote', id: 'n1', note: '  indented\nnext' }]);
  });

  it('2: a trailing comment stays a comment when the quote is rewritten over a line break', () => {
    const text = sidecar('  n1:', '    file: a.txt', '    quote: "signed a comprehensive strategic partnership"   # key passage');
    checkEdits(text, [anchor('n1', 'signed a comprehensive\nstrategic partnership', 'the two leaders ', ' on June 19')], keptComments(' key passage'));
  });

  it('2: `prefix: # fill in later` keeps its comment, through two reanchors', () => {
    const text = sidecar('  n1:', '    file: a.txt', '    quote: Putin', '    prefix: # fill in later', '    suffix: " on"');
    checkEdits(text, [anchor('n1', 'Putin', 'The summit with\n', ' on')], keptComments(' fill in later'));
    checkEdits(text, [anchor('n1', 'Putin', 'The summit with\n', ' on'), anchor('n1', 'Putin', 'with ', ' on\n')], keptComments(' fill in later'));
  });

  it('2: setAnnotationNote and addLink on a flow entry keep its trailing comment', () => {
    const text = sidecar('  n1: {file: a.txt, quote: "Following the meeting"}   # from the wire', '  n2: {file: a.txt, quote: Alpha}');
    checkEdits(text, [{ kind: 'setAnnotationNote', id: 'n1', note: 'thanks\n# not a comment' }], keptComments(' from the wire'));
    checkEdits(text, [{ kind: 'addLink', from: 'n1', to: 'n2', type: 'follows' }], keptComments(' from the wire'));
  });

  it('3: setAnchor on a flow entry with prefix, suffix and start missing', () => {
    const text = sidecar('  n1: {file: a.txt, quote: "Following the meeting, Alpha expressed thanks"}');
    checkEdits(text, [anchor('n1', 'Following the meeting, Alpha expressed thanks', 'Wire.\n\n', ' to the delegation.')]);
  });

  it('18: deleting an annotation leaves no `links: []` behind', () => {
    const text = sidecar('  n1:', '    file: a.txt', '    quote: Alpha', '    links:', '      - to: n2', '        type: contrasts', '  n2:', '    file: a.txt', '    quote: Beta');
    checkEdits(text, [{ kind: 'deleteAnnotation', id: 'n2' }]);
    const written = applySidecarEdits(parseSidecar(text), [{ kind: 'deleteAnnotation', id: 'n2' }]).text;
    assert.ok(!written.includes('links'), written);
  });

  it('18: the same for a flow list of links and a relation’s evidence', () => {
    const text = ['version: 1', 'relations:', '  - {from: a, to: b, evidence: [n2]}', 'annotations:', '  n1: {file: a.txt, quote: Alpha, links: [n2]}', '  n2: {file: a.txt, quote: Beta}', ''].join('\n');
    checkEdits(text, [{ kind: 'deleteAnnotation', id: 'n2' }]);
  });
});

describe('sidecar writer, other cases the property test found', () => {
  const two = ['version: 1', 'actors:', '  putin:', '    name: Putin', '    kind: person', '    aliases: Putin', 'annotations:', '  n1:', '    file: a.txt', '    quote: Alpha', '    note: # later', '  n2:', '    file: a.txt', '    quote: Beta', ''].join('\n');
  const later = [{ text: ' later', tags: ['ann:n1'] }];

  it('deleting an entry whose last line is `key: # comment` keeps the next entry', () => {
    checkEdits(two, [{ kind: 'deleteAnnotation', id: 'n1' }], later);
  });

  it('a value written into `note: # comment` stays apart from the comment', () => {
    checkEdits(two, [{ kind: 'setAnnotationNote', id: 'n1', note: 'done' }], later);
  });

  it('a comment on a block scalar’s header survives a new value', () => {
    const text = ['version: 1', 'annotations:', '  n1:', '    file: a.txt', '    quote: Alpha', '    suffix: |- # kept', '      old', ''].join('\n');
    checkEdits(text, [{ kind: 'setAnchor', annotationId: 'n1', selector: { quote: 'Alpha', prefix: 'p', suffix: 'new', start: 0 } }], [{ text: ' kept', tags: [] }]);
  });

  it('the first entry of `annotations: # comment` stays apart from the comment', () => {
    checkEdits('version: 1\nannotations: # fill in later\n', [{ kind: 'addAnnotation', id: 'n1', annotation: { file: 'a.txt', quote: 'Alpha' } }], [{ text: ' fill in later', tags: [] }]);
  });

  it('addAlias keeps an alias written as a single string', () => {
    checkEdits(two, [{ kind: 'addAlias', actorId: 'putin', alias: 'Vladimir Putin' }]);
  });

  it('an entry edited and then deleted in one batch leaves nothing behind', () => {
    checkEdits(two, [{ kind: 'setAnnotationReview', id: 'n2', review: 'accepted' }, { kind: 'deleteAnnotation', id: 'n2' }]);
  });

  it('renameActor in a batch renames what earlier edits of the batch wrote, and takes the id', () => {
    checkEdits(two, [{ kind: 'addAnnotation', id: 'n3', annotation: { file: 'a.txt', quote: 'Gamma', actors: ['putin'] } }, { kind: 'renameActor', from: 'putin', to: 'vvp' }]);
    checkEdits(two, [{ kind: 'renameActor', from: 'putin', to: 'vvp' }, { kind: 'addActor', id: 'vvp', actor: { name: 'Other', kind: 'person', aliases: [] } }]);
  });

  it('the returned index matches a fresh read when the file had no final line break', () => {
    checkEdits(two.trimEnd(), [{ kind: 'addAnnotation', id: 'n3', annotation: { file: 'a.txt', quote: 'Gamma' } }]);
  });
});

import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { MarginaliaIndex } from '../../src/core/model';
import { fastReadSidecar, resolvePlain } from '../../src/core/sidecar/fastRead';
import { hasMissingSpans, hasSpan, resolveAllSpans } from '../../src/core/sidecar/lazySpans';
import { ParsedSidecar, parseSidecar, parseSidecarWithYaml } from '../../src/core/sidecar/read';
import { InMemoryCorpus } from '../../src/core/workspace';

/** A sidecar's read as plain data, spans computed. */
function plain(parsed: ParsedSidecar): unknown {
  resolveAllSpans(parsed.index);
  const index = parsed.index;
  return { index: { ...index, documents: [...index.documents], actors: [...index.actors], annotations: [...index.annotations] }, problems: parsed.problems, invalid: parsed.invalid };
}

/** `parseSidecar` reads `text` exactly as `yaml` alone does. */
function readsAsYaml(text: string): ParsedSidecar {
  const parsed = parseSidecar(text);
  assert.deepEqual(plain(parsed), plain(parseSidecarWithYaml(text)));
  return parsed;
}

/** The fast reader declines `text`, and `yaml` reads it. */
function declined(text: string): ParsedSidecar {
  assert.equal(fastReadSidecar(text.replace(/^\uFEFF/, '')), undefined, `the fast reader must decline ${JSON.stringify(text)}`);
  return readsAsYaml(text);
}

/** The fast reader reads `text`, as `yaml` does. */
function readFast(text: string): MarginaliaIndex {
  assert.ok(fastReadSidecar(text.replace(/^\uFEFF/, '')), `the fast reader must read ${JSON.stringify(text)}`);
  return readsAsYaml(text).index;
}

const base = `# people and notes
version: 1
actors:
  ada:   # the first
    name: Ada Stone
    kind: person
    aliases: [Ada Stone, "Stone"]
  mill: {name: The Mill, kind: organization, aliases: [the Mill]}
annotations:
  a1:
    file: one.txt
    quote: Ada Stone met
    start: 0
    links:
      - a2
      - {to: a2, type: supports}
  a2:
    file: one.txt
    quote: |-
      the press
relations:
  - {from: ada, to: mill, type: leads, evidence: [a1]}
`;

const codes = (parsed: ParsedSidecar): string[] => parsed.problems.map((p) => p.code);

describe('fast sidecar reader', () => {
  it('reads a clean sidecar as yaml does, in LF, CRLF and after a BOM', () => {
    const index = readFast(base);
    assert.deepEqual([...index.actors.keys()], ['ada', 'mill']);
    assert.deepEqual(index.annotations.get('a1')!.links.map((l) => `${l.type}:${l.to}`), ['related:a2', 'supports:a2']);
    readFast(base.replace(/\n/g, '\r\n'));
    readFast('\uFEFF' + base);
  });

  it('reads plain scalars by the YAML 1.2 core schema, as yaml does, not as js-yaml does by default', () => {
    // YAML 1.1's yes/no/on/off, `=`, leading-zero octal, underscores, timestamps and sexagesimals
    // are text in YAML 1.2; numbers keep their spelling where the model wants text.
    const text = `version: 1.0
documents:
  one.txt: {title: 0777, source: 0o17, date: 2024-06-20}
actors:
  ada:
    name: yes
    note: off
    kind: person
    matchCase: False
    aliases: [0x1F, 1_000, 1.50, .inf, -.Inf, .NaN, =, 1:30, no, ~x, 1e3, +12, 0o8]
annotations:
  a1: {file: one.txt, quote: 12.0, start: 1e3, prefix: true, suffix: 0x10, note: null}
  a2: {file: one.txt, quote: x, start: 0x10, tags: [2024-06-20, TRUE, Null x]}
  a3: {file: one.txt, quote: x, start: 010, created: 2024-06-21T10:00:00Z}
`;
    const index = readFast(text);
    assert.equal(index.version, 1);
    assert.deepEqual(index.documents.get('one.txt'), { path: 'one.txt', title: '0777', source: '0o17', date: '2024-06-20', span: index.documents.get('one.txt')!.span });
    const ada = index.actors.get('ada')!;
    assert.deepEqual([ada.name, ada.note, ada.matchCase], ['yes', 'off', false]);
    assert.deepEqual(ada.aliases, ['31', '1_000', '1.5', 'Infinity', '-Infinity', 'NaN', '=', '1:30', 'no', '~x', '1000', '12', '0o8']);
    const a1 = index.annotations.get('a1')!;
    assert.deepEqual([a1.quote, a1.start, a1.prefix, a1.suffix, a1.note], ['12.0', 1000, 'true', '0x10', undefined]);
    assert.equal(index.annotations.get('a2')!.start, 16);
    assert.deepEqual(index.annotations.get('a2')!.tags, ['2024-06-20', 'true', 'Null x']);
    assert.equal(index.annotations.get('a3')!.start, 10);
    assert.equal(index.annotations.get('a3')!.created, '2024-06-21T10:00:00Z');
    assert.deepEqual([resolvePlain(''), resolvePlain('~'), resolvePlain('NULL'), resolvePlain('nULL')], [null, null, null, 'nULL']);
  });

  it('declines a sidecar with a problem, so that yaml reports it with its line and column', () => {
    assert.deepEqual(codes(declined(base.replace('kind: person', 'kind: planet'))), ['unknown-kind']);
    assert.deepEqual(codes(declined(base.replace('    start: 0\n', '    start: -1\n'))), ['wrong-type']);
    assert.deepEqual(codes(declined(base.replace('    file: one.txt\n    quote: Ada', '    quote: Ada'))), ['missing-field']);
    assert.deepEqual(codes(declined(base.replace('file: one.txt', 'file: ../one.txt'))), ['path-outside']);
    assert.deepEqual(codes(declined(base.replace('type: supports', 'type: rivals'))), ['unknown-link-type']);
    assert.deepEqual(codes(declined(base.replace('version: 1', 'version: 2'))), ['newer-version']);
    assert.deepEqual(codes(declined(base.replace('version: 1\n', ''))), ['missing-version']);
    assert.deepEqual(codes(declined(base.replace('version: 1', 'version: "1"'))), ['bad-version']);
    assert.deepEqual(codes(declined(base.replace('[Ada Stone, "Stone"]', '[Ada Stone, [x]]'))), ['wrong-type']);
    assert.deepEqual(codes(declined('version: 1\nactors: [\n')), ['yaml-syntax']);
    assert.deepEqual(codes(declined('')), ['not-a-sidecar']);
  });

  it('declines duplicate keys and ids, which yaml reports and reads the first of', () => {
    assert.deepEqual(codes(declined(base.replace('    start: 0\n', '    start: 0\n    start: 1\n'))), ['duplicate-key']);
    assert.deepEqual(codes(declined(base + 'annotations:\n  a3: {file: one.txt, quote: x}\n')), ['duplicate-key']);
    assert.deepEqual(codes(declined(base.replace('  a2:\n', '  a1:\n'))), ['duplicate-id']);
    // Keys js-yaml would make the same string: a number and its quoted text.
    assert.deepEqual(codes(declined('version: 1\nactors:\n  1: {name: One}\n  "1": {name: Also one}\n')), ['duplicate-id']);
  });

  it('declines anchors, aliases and merge keys', () => {
    const anchored = declined(base.replace('  mill: {name: The Mill, kind: organization, aliases: [the Mill]}', '  mill: &mill {name: The Mill, kind: organization, aliases: [the Mill]}\n  mill2: *mill'));
    assert.equal(anchored.index.actors.get('mill2')!.name, 'The Mill');
    declined(base.replace('    aliases: [Ada Stone, "Stone"]', '    aliases: &names [Ada Stone, "Stone"]\n    exclude: *names'));
    const merged = declined('version: 1\nactors:\n  base: &base {kind: person, aliases: [Ada]}\n  ada:\n    <<: *base\n    name: Ada\n');
    assert.equal(merged.index.actors.get('ada')!.kind, 'other', 'yaml 1.2 has no merge keys');
    // Quoted, `<<` is a key like any other to both.
    readFast('version: 1\nactors:\n  ada:\n    "<<": {kind: person}\n    name: Ada\n');
  });

  it('reads Markdown emphasis and exclamations inside a value, declines what could start an alias or tag', () => {
    const index = readFast(base.replace('quote: Ada Stone met', 'quote: Ada **Stone** met & left! *twice*').replace('name: Ada Stone', 'name: "*Ada*"'));
    assert.equal(index.annotations.get('a1')!.quote, 'Ada **Stone** met & left! *twice*');
    assert.equal(index.actors.get('ada')!.name, '*Ada*');
    declined(base.replace('quote: Ada Stone met', 'quote: *Stone* met'));
    declined(base.replace('[Ada Stone, "Stone"]', '[Ada Stone, *x]'));
    declined(base.replace('quote: Ada Stone met', 'quote: Ada\n      *Stone* met'));
  });

  it('declines tags, directives and document markers', () => {
    assert.equal(declined(base.replace('quote: Ada Stone met', 'quote: !!str Ada Stone met')).index.annotations.get('a1')!.quote, 'Ada Stone met');
    declined(base.replace('start: 0', 'start: !!int "0"'));
    declined(base.replace('name: Ada Stone', 'name: !local Ada'));
    declined(base.replace('name: Ada Stone', 'name: ! Ada'));
    // YAML 1.1 by directive: `yes` is true to yaml there.
    const yaml11 = declined('%YAML 1.1\n---\nversion: 1\nactors:\n  ada: {name: Ada, matchCase: no}\n');
    assert.equal(yaml11.index.actors.get('ada')!.matchCase, false);
    declined('---\n' + base);
    declined(base + '...\n');
    assert.deepEqual(codes(declined(base + '---\nversion: 1\n')), ['yaml-syntax']);
  });

  it('declines keys yaml reads as something other than text, or that would lose the order', () => {
    assert.deepEqual(declined('version: 1\nactors:\n  007: {name: Bond}\n').index.actors.get('7')!.name, 'Bond');
    assert.deepEqual(codes(declined('version: 1\nactors:\n  null: {name: Nobody}\n')), ['wrong-type']);
    assert.deepEqual(codes(declined('version: 1\nactors:\n  ~: {name: Nobody}\n')), ['wrong-type']);
    declined('version: 1\nactors:\n  true: {name: Yes}\n');
    declined('version: 1\nactors:\n  1.50: {name: One and a half}\n');
    // Quoted, they are text; but JavaScript puts array-index keys first.
    assert.deepEqual([...declined('version: 1\nactors:\n  "2": {name: Two}\n  "1": {name: One}\n').index.actors.keys()], ['2', '1']);
    readFast('version: 1\nactors:\n  "null": {name: Nobody}\n  "007": {name: Bond}\n');
    declined('version: 1\nactors:\n  [ada]: {name: Ada}\n');
    declined('version: 1\nactors:\n  ada: {name: Ada, {kind: person}: x}\n');
    declined('version: 1\nactors:\n  ? ada\n  : {name: Ada}\n');
    declined('version: 1\nactors:\n  ada: {: x, name: Ada}\n');
    declined(`version: 1\nactors:\n  ${'a'.repeat(1100)}: {name: Long}\n`);
  });

  it('declines text the two readers may read differently: tabs, lone CRs, BOMs inside, escaped surrogates', () => {
    declined(base.replace('name: Ada Stone', 'name:\tAda Stone'));
    declined(base.replace('quote: Ada Stone met', 'quote: "Ada\tStone met"'));
    declined(base.replace(/\n/g, '\r'));
    declined(base.replace('Ada Stone met', 'Ada\uFEFF Stone met'));
    declined(base.replace('quote: Ada Stone met', 'quote: "Ada \\ud83d\\ude00"'));
    declined(base.replace('quote: Ada Stone met', 'quote: "Ada \\U0001F600"'));
    // A BMP escape is read the same by both.
    assert.equal(readFast(base.replace('quote: Ada Stone met', 'quote: "Ada \\u00e9 \\x41 \\N"')).annotations.get('a1')!.quote, 'Ada \u00e9 A \u0085');
  });

  it('declines nesting deeper than it checks, which yaml reports when too deep', () => {
    declined(`version: 1\nactors:\n  ada: {name: Ada, extra: ${'['.repeat(60)}${']'.repeat(60)}}\n`);
    assert.deepEqual(codes(declined(`version: 1\nextra: ${'['.repeat(150)}${']'.repeat(150)}\n`)), ['too-deep']);
  });

  it('declines what js-yaml refuses and yaml may not: control characters', () => {
    readsAsYaml(base.replace('Ada Stone met', 'Ada \u0007Stone met'));
    assert.equal(fastReadSidecar(base.replace('Ada Stone met', 'Ada \u0007Stone met')), undefined);
  });
});

describe('spans of a fast read, from yaml when first asked for', () => {
  const many = `version: 1\nannotations:\n${Array.from({ length: 100 }, (_, i) => `  n${i}:\n    file: one.txt\n    quote: passage ${i}   # note ${i}\n`).join('')}`;

  it('reads one entry’s lines alone for its span, and leaves the rest to compute', () => {
    const parsed = parseSidecar(base);
    const yaml = parseSidecarWithYaml(base);
    assert.ok(!hasSpan(parsed.index.actors.get('mill')!));
    assert.deepEqual(parsed.index.actors.get('mill')!.span, yaml.index.actors.get('mill')!.span);
    assert.equal(base.slice(parsed.index.actors.get('mill')!.span.start, parsed.index.actors.get('mill')!.span.end), 'mill: {name: The Mill, kind: organization, aliases: [the Mill]}');
    assert.deepEqual(parsed.index.annotations.get('a1')!.links[1].span, yaml.index.annotations.get('a1')!.links[1].span);
    assert.ok(!hasSpan(parsed.index.actors.get('ada')!), 'other entries are not read');
    assert.ok(Object.getOwnPropertyDescriptor(parsed, 'document')?.get, 'nor the whole text');
  });

  it('reads the whole text once for a relation’s span, or after many entries', () => {
    const parsed = parseSidecar(base);
    assert.deepEqual(parsed.index.relations[0].span, parseSidecarWithYaml(base).index.relations[0].span);
    assert.ok(!hasMissingSpans(parsed.index), 'one read of the whole text gave every entry its span');
    const large = parseSidecar(many);
    const yaml = parseSidecarWithYaml(many);
    for (const [id, annotation] of large.index.annotations) assert.deepEqual(annotation.span, yaml.index.annotations.get(id)!.span, id);
    assert.ok(!hasMissingSpans(large.index));
  });

  it('gives yaml’s spans in a CRLF file and where entries’ lines do not stand alone', () => {
    for (const text of [base.replace(/\n/g, '\r\n'), base.replace('annotations:\n', 'annotations: # notes\n# between\n'), 'version: 1\nactors: {ada: {name: Ada}, bo: {name: Bo}}\n', many.replace('  n3:\n', '  n3:   \n\n# a comment\n')]) {
      const parsed = parseSidecar(text);
      const yaml = parseSidecarWithYaml(text);
      for (const [id, actor] of parsed.index.actors) assert.deepEqual(actor.span, yaml.index.actors.get(id)!.span, id);
      for (const [id, annotation] of parsed.index.annotations) assert.deepEqual(annotation.span, yaml.index.annotations.get(id)!.span, id);
      assert.deepEqual(plain(parsed), plain(yaml));
    }
  });

  it('places the problems of the corpus as yaml’s spans would', async () => {
    const text = base.replace('file: one.txt\n    quote: |-', 'file: gone.txt\n    quote: |-').replace('aliases: [the Mill]', 'aliases: [Ada Stone]');
    const files = { 'marginalia.yaml': text, 'one.txt': 'Ada Stone met the press.\n' };
    const corpus = await CorpusIndex.build(new InMemoryCorpus(files));
    assert.ok(hasMissingSpans(corpus.index), 'read by the fast reader');
    const problems = corpus.problems().map((p) => [p.code, text.slice(p.range.start, p.range.end).split('\n')[0]]);
    assert.deepEqual(problems, [
      ['shared-alias', 'mill: {name: The Mill, kind: organization, aliases: [Ada Stone]}'],
      ['missing-file', 'a2:'],
    ]);
    const yaml = parseSidecarWithYaml(text);
    assert.deepEqual(corpus.problems().map((p) => p.range), [yaml.index.actors.get('mill')!.span, yaml.index.annotations.get('a2')!.span]);
  });
});

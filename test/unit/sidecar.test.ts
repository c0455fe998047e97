import * as assert from 'node:assert/strict';
import { parseSidecar } from '../../src/core/sidecar/read';
import { LineIndex } from '../../src/core/text';

/** Problems as `line:col code` (one-based), the way the CLI prints them. */
function problemsOf(text: string): string[] {
  const parsed = parseSidecar(text);
  const lines = new LineIndex(parsed.text);
  return parsed.problems.map((p) => {
    const { line, character } = lines.positionAt(p.range.start);
    return `${line + 1}:${character + 1} ${p.code}`;
  });
}

const valid = `# comment
version: 1
documents:
  a.txt: {title: A, date: 2024-06-20}
actors:
  putin:
    name: Vladimir Putin
    kind: person
    aliases: [Putin]
    memberOf: russia
    futureKey: kept   # unknown keys are allowed
  russia:
    name: Russia
    kind: state
    aliases:
      - Russia
    matchCase: false
relations:
  - {from: russia, to: putin, type: leads, evidence: [n1]}
annotations:
  n1:
    file: ./a.txt
    quote: Putin spoke
    start: 4
    tags: [x]
    actors: [putin]
    review: accepted
    author: Ana Ruiz
    created: 2024-06-21
    links:
      - n2
      - {to: n2, type: contrasts}
  n2:
    file: a.txt
    quote: "later"
`;

describe('parseSidecar', () => {
  it('reads a valid sidecar into the model', () => {
    const parsed = parseSidecar(valid);
    assert.equal(parsed.invalid, false);
    assert.deepEqual(parsed.problems, []);
    const { index } = parsed;
    assert.equal(index.documents.get('a.txt')?.date, '2024-06-20');
    assert.deepEqual([...index.actors.keys()], ['putin', 'russia']);
    assert.equal(index.actors.get('russia')?.matchCase, false);
    assert.equal(index.actors.get('putin')?.memberOf, 'russia');
    const n1 = index.annotations.get('n1')!;
    assert.equal(n1.file, 'a.txt');
    assert.equal(n1.start, 4);
    assert.equal(n1.review, 'accepted');
    assert.deepEqual([n1.author, n1.created], ['Ana Ruiz', '2024-06-21'], 'a plain date is read as written');
    assert.deepEqual(n1.links.map((l) => `${l.type}:${l.to}`), ['related:n2', 'contrasts:n2']);
    assert.deepEqual(index.relations[0].evidence, ['n1']);
  });

  it('records where each entry stands in the file', () => {
    const parsed = parseSidecar(valid);
    const span = parsed.index.annotations.get('n2')!.span;
    assert.ok(parsed.text.slice(span.start, span.end).startsWith('n2:'));
  });

  it('reads a BOM-prefixed CRLF sidecar', () => {
    const parsed = parseSidecar('\ufeff' + valid.replace(/\n/g, '\r\n'));
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.index.annotations.size, 2);
  });

  const invalidCases: [string, string, string[]][] = [
    ['a syntax error, with its line and column', 'version: 1\nactors:\n  putin: [unclosed\n', ['4:1 yaml-syntax']],
    ['a tab-indented mapping', 'version: 1\nactors:\n\tputin: {}\n', ['3:1 yaml-syntax']],
    ['not a mapping', '- a\n- b\n', ['1:1 not-a-sidecar']],
    ['an empty file', '', ['1:1 not-a-sidecar']],
    ['a newer version', 'version: 2\n', ['1:10 newer-version']],
    ['a version that is not a number', 'version: one\n', ['1:10 bad-version']],
  ];
  for (const [name, text, expected] of invalidCases) {
    it(`is invalid for ${name}`, () => {
      assert.equal(parseSidecar(text).invalid, true);
      assert.deepEqual(problemsOf(text).slice(0, expected.length), expected);
    });
  }

  const problemCases: [string, string, string[]][] = [
    ['a missing version', 'actors: {}\n', ['1:1 missing-version']],
    ['duplicate actor ids', 'version: 1\nactors:\n  a: {aliases: [A]}\n  a: {aliases: [B]}\n', ['4:3 duplicate-id']],
    ['duplicate annotation ids', 'version: 1\nannotations:\n  n: {file: a.txt, quote: q}\n  n: {file: a.txt, quote: r}\n', ['4:3 duplicate-id']],
    ['aliases of the wrong type', 'version: 1\nactors:\n  a:\n    aliases: {x: 1}\n', ['4:14 wrong-type']],
    ['an alias item that is a mapping', 'version: 1\nactors:\n  a:\n    aliases: [A, {x: 1}]\n', ['4:18 wrong-type']],
    ['an unknown kind', 'version: 1\nactors:\n  a: {kind: planet, aliases: [A]}\n', ['3:13 unknown-kind']],
    ['an annotation without a quote', 'version: 1\nannotations:\n  n: {file: a.txt}\n', ['3:3 missing-field']],
    ['an annotation without a file', 'version: 1\nannotations:\n  n: {quote: q}\n', ['3:3 missing-field']],
    ['a path with ..', 'version: 1\nannotations:\n  n: {file: ../secret.txt, quote: q}\n', ['3:13 path-outside']],
    ['an absolute path', 'version: 1\nannotations:\n  n: {file: /etc/passwd, quote: q}\n', ['3:13 path-outside']],
    ['a negative start', 'version: 1\nannotations:\n  n: {file: a.txt, quote: q, start: -3}\n', ['3:37 wrong-type']],
    ['a link without a target', 'version: 1\nannotations:\n  n:\n    file: a.txt\n    quote: q\n    links: [{type: supports}]\n', ['6:13 missing-field']],
    ['an unknown link type', 'version: 1\nannotations:\n  n:\n    file: a.txt\n    quote: q\n    links: [{to: n, type: rebuts}]\n', ['6:27 unknown-link-type']],
    ['a relation without ends', 'version: 1\nrelations:\n  - {from: a}\n', ['3:5 missing-field']],
    ['a section of the wrong type', 'version: 1\nactors: [a, b]\n', ['2:9 wrong-type']],
    ['a matchCase that is not a boolean', 'version: 1\nactors:\n  a: {aliases: [A], matchCase: maybe}\n', ['3:32 wrong-type']],
  ];
  for (const [name, text, expected] of problemCases) {
    it(`reports ${name} and keeps the rest`, () => {
      const parsed = parseSidecar(text);
      assert.equal(parsed.invalid, false);
      assert.deepEqual(problemsOf(text), expected);
    });
  }

  it('survives an alias bomb without expanding it', () => {
    const bomb = ['version: 1', 'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let previous = 'a';
    for (let i = 0; i < 12; i++) {
      const name = `b${i}`;
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      previous = name;
    }
    bomb.push('actors:', `  a: {aliases: *${previous}}`);
    const started = Date.now();
    const parsed = parseSidecar(bomb.join('\n'));
    assert.ok(Date.now() - started < 2000);
    assert.equal(parsed.invalid, false);
    assert.ok(parsed.problems.some((p) => p.code === 'wrong-type'), 'nested aliases are reported, not expanded');
  });

  it('follows a plain YAML anchor', () => {
    const parsed = parseSidecar('version: 1\ncommon: &tags [x, y]\nannotations:\n  n: {file: a.txt, quote: q, tags: *tags}\n');
    assert.deepEqual(parsed.index.annotations.get('n')?.tags, ['x', 'y']);
  });
});

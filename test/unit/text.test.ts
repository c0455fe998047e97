import * as assert from 'node:assert/strict';
import { decodeText, LineIndex, stripBom } from '../../src/core/text';
import { normalizeCorpusPath } from '../../src/core/paths';

describe('LineIndex', () => {
  const cases: { name: string; text: string; offset: number; line: number; character: number }[] = [
    { name: 'first line', text: 'ab\ncd', offset: 1, line: 0, character: 1 },
    { name: 'after LF', text: 'ab\ncd', offset: 3, line: 1, character: 0 },
    { name: 'CRLF counts as one break', text: 'ab\r\ncd', offset: 4, line: 1, character: 0 },
    { name: 'offset on the CR stays on its line', text: 'ab\r\ncd', offset: 2, line: 0, character: 2 },
    { name: 'lone CR ends a line', text: 'ab\rcd', offset: 3, line: 1, character: 0 },
    { name: 'astral characters count as two units', text: '😀x\ny', offset: 2, line: 0, character: 2 },
    { name: 'offset past the end is clamped', text: 'ab', offset: 99, line: 0, character: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const index = new LineIndex(c.text);
      assert.deepEqual(index.positionAt(c.offset), { line: c.line, character: c.character });
      assert.equal(index.offsetAt({ line: c.line, character: c.character }), Math.min(c.offset, c.text.length));
    });
  }

  it('gives line text without the break', () => {
    const index = new LineIndex('one\r\ntwo\nthree');
    assert.deepEqual([0, 1, 2].map((l) => index.lineText(l)), ['one', 'two', 'three']);
    assert.equal(index.lineCount, 3);
  });
});

describe('decodeText', () => {
  const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('removes a BOM and keeps CRLF, as VS Code does', () => {
    const decoded = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('a\r\nb')]));
    assert.deepEqual(decoded, { kind: 'text', text: 'a\r\nb', invalidUtf8: false });
  });
  it('flags invalid UTF-8 but still decodes it', () => {
    const decoded = decodeText(new Uint8Array([0x61, 0xff, 0x62]));
    assert.deepEqual(decoded, { kind: 'text', text: 'a\ufffdb', invalidUtf8: true });
  });
  it('recognises a binary file by a NUL byte', () => {
    assert.deepEqual(decodeText(new Uint8Array([0x50, 0x4b, 0x00, 0x01])), { kind: 'binary' });
  });
  it('decodes an empty file', () => {
    assert.deepEqual(decodeText(new Uint8Array()), { kind: 'text', text: '', invalidUtf8: false });
  });
  it('stripBom leaves other text alone', () => {
    assert.equal(stripBom('\ufeffx'), 'x');
    assert.equal(stripBom('x\ufeff'), 'x\ufeff');
  });
});

describe('normalizeCorpusPath', () => {
  const cases: [string, string | null][] = [
    ['articles/a.txt', 'articles/a.txt'],
    ['./articles/../b.txt', 'b.txt'],
    ['folder with spaces/é.txt', 'folder with spaces/é.txt'],
    ['../outside.txt', null],
    ['a/../../outside.txt', null],
    ['/etc/passwd', null],
    ['C:/x.txt', null],
    ['a\\b.txt', null],
    ['', null],
    ['.', null],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${expected ?? 'refused'}`, () => {
      const result = normalizeCorpusPath(raw);
      if (expected === null) assert.equal(result.ok, false);
      else assert.deepEqual(result, { ok: true, path: expected });
    });
  }

  // A path that reads as a URI would become a live link wherever a path is linked.
  const schemes: [string, string][] = [
    ['command:workbench.action.terminal.new', 'command:'],
    ['javascript:alert(1)', 'javascript:'],
    ['JavaScript:alert(1).txt', 'JavaScript:'],
    ['https://example.org/a.txt', 'https:'],
    ['vscode-file://vscode-app/x.txt', 'vscode-file:'],
    ['mailto:someone@example.org', 'mailto:'],
    ['./command:x.txt', 'command:'],
    ['a/../javascript:x.txt', 'javascript:'],
  ];
  for (const [raw, scheme] of schemes) {
    it(`${JSON.stringify(raw)} → refused: it starts like a URI`, () => {
      assert.deepEqual(normalizeCorpusPath(raw), { ok: false, reason: `path starts like a URI ("${scheme}"), not a file path relative to the sidecar folder` });
    });
  }

  it('refuses a drive letter hidden behind ./, and keeps a colon that is not at the start', () => {
    assert.deepEqual(normalizeCorpusPath('./C:/x.txt'), { ok: false, reason: 'path must be relative to the sidecar folder, not absolute' });
    assert.deepEqual(normalizeCorpusPath('notes/10:30 briefing.txt'), { ok: true, path: 'notes/10:30 briefing.txt' });
    assert.deepEqual(normalizeCorpusPath('1st:draft.txt'), { ok: true, path: '1st:draft.txt' }, 'a scheme starts with a letter');
  });
});

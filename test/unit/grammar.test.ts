/** The Article grammar, tokenised by the same TextMate engine VS Code uses (vscode-textmate + oniguruma). */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INITIAL, IGrammar, Registry } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = path.join(__dirname, '..', '..', '..');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: async () => JSON.parse(readFileSync(path.join(ROOT, 'syntaxes', 'article.tmLanguage.json'), 'utf8')),
  });
  return (await registry.loadGrammar('text.article'))!;
}

/** The scopes of each stretch of `line` that has more than the base scope, as "text: scope". */
function scopesOf(grammar: IGrammar, line: string): string[] {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  return tokens
    .filter((t) => t.scopes.length > 1)
    .map((t) => `${line.slice(t.startIndex, t.endIndex)}: ${t.scopes.slice(1).join(' ')}`);
}

describe('Article grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const cases: [string, string, string[]][] = [
    ['a byline', 'By Mara Quill, harbour correspondent', ['By Mara Quill, harbour correspondent: meta.byline.article markup.italic']],
    ['an ISO date', 'Filed 2025-03-12 at noon', ['2025-03-12: constant.other.date.iso.article']],
    ['a money figure', 'a fund of $40 million for dredging', ['$40 million: constant.numeric.money.article']],
  ];
  for (const [name, line, expected] of cases) {
    it(`marks ${name}`, () => assert.deepEqual(scopesOf(grammar, line), expected));
  }

  it('marks a quotation with its punctuation', () => {
    const scopes = scopesOf(grammar, 'She said “the lines are fixed” and left.');
    assert.deepEqual(scopes, [
      '“: string.quoted.double.article punctuation.definition.string.begin.article',
      'the lines are fixed: string.quoted.double.article',
      '”: string.quoted.double.article punctuation.definition.string.end.article',
    ]);
  });

  it('marks a written-out date and a percentage', () => {
    const scopes = scopesOf(grammar, 'On 12 March 2025 trade rose 4.5% again.');
    assert.ok(scopes.some((s) => s.startsWith('12 March 2025') && s.includes('constant.other.date.article')), scopes.join(' | '));
    assert.ok(scopes.some((s) => s.startsWith('4.5%') && s.includes('constant.numeric.percent.article')), scopes.join(' | '));
  });

  it('leaves plain prose alone', () => {
    assert.deepEqual(scopesOf(grammar, 'The envoy spoke about the channel.'), []);
  });
});

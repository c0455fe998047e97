// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', '.sample/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The core knows no editor and no disk: it takes text and returns plain data.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core must not depend on the editor.' },
          { name: 'fs', message: 'src/core reads files only through the CorpusFileSystem interface.' },
          { name: 'node:fs', message: 'src/core reads files only through the CorpusFileSystem interface.' },
          { name: 'fs/promises', message: 'src/core reads files only through the CorpusFileSystem interface.' },
          { name: 'node:fs/promises', message: 'src/core reads files only through the CorpusFileSystem interface.' },
        ],
      }],
    },
  },
  {
    // Webview pages run in the browser, inside VS Code's webview frame.
    files: ['media/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', module: 'writable' } },
  },
  {
    files: ['test/**/*.js', '*.mjs', 'test/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

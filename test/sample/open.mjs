// `npm run open -- DIR`: opens any folder in place in a real VS Code with the packaged extension.
// Nothing in DIR is copied, rewritten or deleted: this only runs the read-only `marginalia check`
// on it and serves it (serveFolder.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolder } from './serveFolder.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (arg === undefined) {
  console.error('usage: npm run open -- DIR   (a folder of .txt articles, with or without marginalia.yaml)');
  process.exit(2);
}
// npm runs scripts from the package's folder; a relative DIR means the caller's folder.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const folder = resolve(callerDir, arg);
if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`${folder} is not a folder`);
  process.exit(2);
}
if (existsSync(join(folder, 'marginalia.yaml'))) {
  console.log(`$ marginalia check ${arg}`);
  const check = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', folder], { cwd: callerDir, encoding: 'utf8' });
  process.stdout.write(check.stdout ?? '');
  process.stderr.write(check.stderr ?? '');
} else {
  // Not an error: VS Code offers Create Index (or run `marginalia init` first).
  console.log(`${arg} has no marginalia.yaml yet: VS Code will offer to create one (Marginalia: Create Index), or run marginalia init ${arg}`);
}
await serveFolder(folder, folder);

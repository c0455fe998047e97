// Lays out a sample corpus in .sample/: the shared articles (never committed here) beside this
// folder's marginalia.yaml, then runs `marginalia check` and `marginalia index` on it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const articles = resolve(process.env.MARGINALIA_SAMPLE_CORPUS ?? join(root, '..', 'shared', 'corpus'));
const target = join(root, '.sample');

if (!existsSync(articles)) {
  console.error(`no sample articles at ${articles} (set MARGINALIA_SAMPLE_CORPUS)`);
  process.exit(2);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const name of readdirSync(articles)) if (name.endsWith('.txt')) copyFileSync(join(articles, name), join(target, name));
copyFileSync(join(here, 'marginalia.yaml'), join(target, 'marginalia.yaml'));
console.log(`sample corpus ready in ${target}`);

const cli = join(root, 'dist', 'cli.js');
for (const args of [['check', target], ['index', target]]) {
  console.log(`\n$ marginalia ${args[0]} .sample`);
  try {
    process.stdout.write(execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' }));
  } catch (error) {
    process.stdout.write(error.stdout ?? '');
    process.stderr.write(error.stderr ?? '');
    process.exit(error.status ?? 1);
  }
}

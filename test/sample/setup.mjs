// Lays out the sample corpus in .sample/ (git-ignored): a copy of sample/ (five articles written for
// this project and their marginalia.yaml), then runs `marginalia check` and `marginalia index` on it.
// An existing .sample/ is kept as it is, edits and all; `--reset` starts over from sample/.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const source = join(root, 'sample');
const target = join(root, '.sample');

if (process.argv.includes('--reset')) rmSync(target, { recursive: true, force: true });
if (existsSync(target)) {
  console.log(`keeping ${target} as it is, with your edits (npm run sample -- --reset starts over from sample/)`);
} else {
  cpSync(source, target, { recursive: true });
  console.log(`sample corpus copied from sample/ to ${target}`);
}

// The sample has one fuzzy-anchored and one orphaned annotation on purpose, so `check` exits 1
// (problems found); only 2 (the sidecar cannot be read) stops here.
const cli = join(root, 'dist', 'cli.js');
for (const command of ['check', 'index']) {
  console.log(`\n$ marginalia ${command} .sample`);
  const run = spawnSync(process.execPath, [cli, command, target], { encoding: 'utf8' });
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
  if (run.status !== 0 && !(command === 'check' && run.status === 1)) process.exit(run.status ?? 1);
}

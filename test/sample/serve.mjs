// `npm run sample`: lays out the sample corpus in .sample/ (setup.mjs; kept if it exists, `--reset`
// starts over), then serves it in a real VS Code with the packaged extension (serveFolder.mjs).
// `--no-serve` stops after the layout and the CLI run.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolder } from './serveFolder.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
execFileSync(process.execPath, [join(here, 'setup.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
if (!process.argv.includes('--no-serve')) await serveFolder(join(root, '.sample'), 'the sample corpus (.sample/)');

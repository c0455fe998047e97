// `npm run sample`: lays out the sample corpus (setup.mjs), then opens it in a real VS Code with
// this extension loaded from the working tree: code-server on 127.0.0.1, for your browser.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
execFileSync(process.execPath, [join(here, 'setup.mjs')], { stdio: 'inherit' });
if (process.argv.includes('--no-serve')) process.exit(0);

execFileSync('bash', [join(root, 'test', 'integration', 'setup-code-server.sh')], { stdio: 'inherit' });
const { startCodeServer, REPO_ROOT } = createRequire(import.meta.url)(join(root, 'out', 'test', 'integration', 'codeServer.js'));
const server = await startCodeServer(join(root, '.sample'), { inPlace: true, port: Number(process.env.PORT ?? 8080) });
const url = server.url([['extensionDevelopmentPath', server.remote(REPO_ROOT)]]);
console.log(`\nMarginalia is running on the sample corpus. Open this in your browser:\n\n  ${url}\n\nCtrl+C stops it.`);
const stop = () => server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Serves one folder in place in a real VS Code (code-server on 127.0.0.1, for your browser) with
// the packaged extension: see launch.ts. Shared by serve.mjs (npm run sample) and open.mjs (npm run open).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function serveFolder(folder, what) {
  execFileSync('bash', [join(root, 'test', 'integration', 'setup-code-server.sh')], { stdio: 'inherit' });
  const { launchCorpus } = createRequire(import.meta.url)(join(root, 'out', 'test', 'sample', 'launch.js'));
  console.log('\npackaging the extension (out/marginalia.vsix) and starting VS Code…');
  const server = await launchCorpus(folder, { port: Number(process.env.PORT ?? 8080) });
  console.log(`\nMarginalia is running on ${what}. Open this in your browser:\n\n  http://127.0.0.1:${server.port}/\n\nCtrl+C stops it.`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

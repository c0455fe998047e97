// Bundles the extension and the CLI with esbuild. Type checking and lint run before this (npm run build).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'info' };

const builds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The article reader's worker threads, for the CLI and the extension (beside their bundles in dist/).
  { ...common, entryPoints: ['src/node/articleWorkerMain.ts'], outfile: 'dist/articleWorker.js' },
];
if (existsSync('src/vscode/extension.ts')) {
  // The banner's time lets activate() log how long loading the bundle took.
  builds.push({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: 'var MARGINALIA_BUNDLE_LOADING = performance.now();' } });
  builds.push({ ...common, entryPoints: ['src/node/sidecarWorkerMain.ts'], outfile: 'dist/sidecarWorker.js' });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // `marginalia` is the package's bin: npx and npm link run it directly.
  chmodSync('dist/cli.js', 0o755);
}

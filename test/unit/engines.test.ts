/**
 * The Node version the project states (package.json's engines, repeated in the README) is one
 * every locked package accepts, so `npm ci` on it prints no EBADENGINE warning. CI runs Node 20.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
// npm's own version matcher (a dependency of the toolchain, no types of its own here).
const semver = createRequire(path.join(root, 'package.json'))('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

describe('the stated Node version', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const lowest = semver.minVersion(manifest.engines.node)!.version;

  it('is accepted by every package in package-lock.json', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const refused = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && typeof entry.engines?.node === 'string' && !semver.satisfies(lowest, entry.engines.node))
      .map(([name, entry]) => `${name}@${entry.version} wants node ${entry.engines!.node}`);
    assert.deepEqual(refused, [], `Node ${lowest} would get EBADENGINE warnings`);
    assert.ok(semver.satisfies('20.20.2', manifest.engines.node), 'CI\'s Node 20 is within the stated range');
  });

  it('is the one the README states', () => {
    const [major, minor] = lowest.split('.');
    assert.match(readFileSync(path.join(root, 'README.md'), 'utf8'), new RegExp(`Node ${major}\\.${minor} or later`));
  });
});

/**
 * Root hooks of the unit tier (required by .mocharc.js): the CLI run in-process by the tests keeps
 * its index cache in a temporary folder of this run, never in the user's ~/.cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

let folder: string | undefined;
const before = process.env.MARGINALIA_CACHE_DIR;

export const mochaHooks = {
  beforeAll(): void {
    folder = mkdtempSync(path.join(tmpdir(), 'marginalia-test-cache-'));
    process.env.MARGINALIA_CACHE_DIR = folder;
  },
  afterAll(): void {
    if (before === undefined) delete process.env.MARGINALIA_CACHE_DIR;
    else process.env.MARGINALIA_CACHE_DIR = before;
    if (folder) rmSync(folder, { recursive: true, force: true });
  },
};

/**
 * Starts a real VS Code offline: code-server (VS Code server + web workbench, installed by
 * setup-code-server.sh) in a throw-away folder, and Debian's chromium driven by playwright-core.
 * Shared by the integration runner and the browser (e2e) tests.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CODE_SERVER = path.join(REPO_ROOT, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface CodeServer {
  port: number;
  runDir: string;
  workspace: string;
  url(payload?: [string, string][]): string;
  remote(absolutePath: string): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Environment for the server and its extension host. */
  env?: Record<string, string>;
  /** A packaged extension to install before the server starts. */
  vsix?: string;
  /** Serve the folder itself rather than a throw-away copy (the sample corpus). */
  inPlace?: boolean;
  /** A fixed port; default: any free one. */
  port?: number;
  /** Open the folder at the bare URL `/` too (code-server's folder argument); default: only `url()` opens it. */
  openAtRoot?: boolean;
  /** User settings of this run (its own user-data dir, never the folder's `.vscode`). */
  settings?: Record<string, unknown>;
  /** Unpacked extension folders (each with its package.json) to put in this run's extensions dir. */
  extensionFolders?: string[];
  /** Keep VS Code's workspace trust on (the folder opens in Restricted Mode unless trusted); default off. */
  workspaceTrust?: boolean;
  /** Open this `.code-workspace` file of the (copied) fixture, relative to it, instead of the folder: a multi-root window. */
  workspaceFile?: string;
}

/** Serves a copy of `fixture` (or the folder itself) with code-server, from a fresh run folder. */
export async function startCodeServer(fixture: string, options: StartOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run bash test/integration/setup-code-server.sh`);
  const runDir = mkdtempSync(path.join(tmpdir(), 'marginalia-vscode-'));
  const workspace = options.inPlace ? path.resolve(fixture) : path.join(runDir, 'workspace');
  if (!options.inPlace) cpSync(fixture, workspace, { recursive: true });
  for (const sub of ['user-data', 'extensions', 'tmp', 'config', 'data', 'cache']) mkdirSync(path.join(runDir, sub), { recursive: true });
  const env = {
    ...process.env,
    TMPDIR: path.join(runDir, 'tmp'),
    XDG_CONFIG_HOME: path.join(runDir, 'config'),
    XDG_DATA_HOME: path.join(runDir, 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'cache'),
    ...options.env,
  };
  const dirs = ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions')];
  if (options.settings) {
    mkdirSync(path.join(runDir, 'user-data', 'User'), { recursive: true });
    writeFileSync(path.join(runDir, 'user-data', 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  for (const folder of options.extensionFolders ?? []) {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    cpSync(folder, path.join(runDir, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  if (options.vsix) execFileSync(CODE_SERVER, [...dirs, '--install-extension', options.vsix], { env, stdio: 'pipe' });
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', ...dirs,
    ...(options.openAtRoot ? [workspace] : []),
  ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${log}`);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return response?.ok === true;
  }, 60_000, 'code-server to listen');
  const remote = (absolutePath: string): string => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  return {
    port,
    runDir,
    workspace,
    remote,
    url(payload = []) {
      const query = new URLSearchParams(options.workspaceFile ? { workspace: path.join(workspace, options.workspaceFile) } : { folder: workspace });
      if (payload.length) query.set('payload', JSON.stringify(payload));
      return `http://127.0.0.1:${port}/?${query.toString()}`;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** The file VS Code keeps the "Marginalia" log output channel in, once the extension has logged. */
export function extensionLogFile(runDir: string): string | undefined {
  for (const entry of readdirSync(runDir, { withFileTypes: true })) {
    const full = path.join(runDir, entry.name);
    const found = entry.isDirectory() ? extensionLogFile(full) : entry.name === 'Marginalia.log' ? full : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Debian's chromium, headless, with the flags this offline machine needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A throwaway git repository with Marginalia's merge driver registered, for the merge tests. Git
 * runs the driver as a user's git would (`.gitattributes` + `git config`), through the compiled
 * CLI; the machine's git configuration is kept out (HOME, GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The compiled CLI (`npm run compile-tests` puts it beside the tests). */
export const CLI = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');

export const SIDECAR = 'marginalia.yaml';

export interface MergeOutcome {
  /** git merge's exit status: 0 merged and committed, non-zero conflicts left in the work tree. */
  status: number;
  output: string;
  /** The sidecar in the work tree after the merge. */
  text: string;
}

export class GitRepo {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'marginalia-merge-'));
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.env = { ...process.env, HOME: this.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(this.dir, 'no-global-config'), LANG: 'C', LC_ALL: 'C' };
    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete this.env[name];
    const work = path.join(this.dir, 'work');
    execFileSync('git', ['init', '-q', '-b', 'main', work], { env: this.env });
    this.git('config', 'user.name', 'Test Reviewer');
    this.git('config', 'user.email', 'reviewer@example.org');
    this.git('config', 'merge.marginalia.name', 'Marginalia sidecar merge');
    this.git('config', 'merge.marginalia.driver', `"${process.execPath}" "${CLI}" merge %O %A %B %P`);
    writeFileSync(path.join(this.work, '.gitattributes'), `${SIDECAR} merge=marginalia\n`);
  }

  get work(): string {
    return path.join(this.dir, 'work');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.work, env: this.env, encoding: 'utf8' });
  }

  /** Writes the sidecar and commits it on the current branch. */
  commit(text: string, message: string): void {
    writeFileSync(path.join(this.work, SIDECAR), text);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }

  read(): string {
    return readFileSync(path.join(this.work, SIDECAR), 'utf8');
  }

  /** BASE on main, OURS committed on main after it, THEIRS on a branch from BASE; then `git merge theirs` on main. */
  mergeThree(base: string, ours: string, theirs: string): MergeOutcome {
    this.commit(base, 'base');
    this.git('checkout', '-q', '-b', 'theirs');
    this.commit(theirs, 'theirs');
    this.git('checkout', '-q', 'main');
    this.commit(ours, 'ours');
    const merge = spawnSync('git', ['merge', '--no-edit', 'theirs'], { cwd: this.work, env: this.env, encoding: 'utf8' });
    return { status: merge.status ?? -1, output: `${merge.stdout}${merge.stderr}`, text: this.read() };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Who is annotating, as git knows them: `user.name` for a folder (its repository's, else the global one). */
import { execFile } from 'node:child_process';

/** Git is asked once per annotation; a slow or missing git must not hold the write up for long. */
const GIT_TIMEOUT_MS = 3000;

/** `git config user.name` run in `folder` (no shell); undefined when git is missing, slow or has none. */
export function gitUserName(folder: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd: folder, timeout: GIT_TIMEOUT_MS, shell: false, windowsHide: true }, (error, stdout) => {
      const name = error ? '' : String(stdout).trim();
      resolve(name.length > 0 ? name : undefined);
    });
  });
}

/**
 * `marginalia <command> [DIR] [--json]` — the command line over the core, for CI, scripts and
 * headless use. DIR is the folder holding marginalia.yaml (default: the current folder).
 */
import * as path from 'node:path';
import { REVIEW_STATES, ReviewState } from '../core/model';
import { NOTES_FORMATS, NOTES_GROUPINGS, NotesFormat, NotesGrouping } from '../core/report';
import { COMMANDS, CliOutput, runCommand } from './commands';
import { initGitCommand, mergeCommand } from './merge';
import { INTERCHANGE_FORMATS, InterchangeFormat } from './interchange';

export interface CliOptions {
  command: string;
  dir: string;
  json: boolean;
  format: NotesFormat | InterchangeFormat;
  groupBy: NotesGrouping;
  review?: ReviewState[];
  output?: string;
  minCount?: number;
  /** Build the index from the files alone, neither reading nor writing the cache. */
  noCache: boolean;
  /** import: the file to read, and whether to only say what would be imported. */
  importFile?: string;
  dryRun?: boolean;
}

const USAGE = `usage: marginalia <command> [DIR] [options]

DIR is the folder holding marginalia.yaml (default: the current folder).

commands:
  index      build the index; --json prints documents, actors, mentions and anchors
  check      validate the sidecar, its references and anchors (exit 0 clean, 1 problems, 2 invalid)
  reanchor   store moved and fuzzy anchors back in the sidecar (exit 1 if orphaned or ambiguous
             ones remain, 2 if the sidecar is invalid or the write is refused)
  export     reviewer's notes: --format md|html|json, --group-by document|actor|tag, -o FILE;
             --format w3c: W3C Web Annotation JSON-LD; --format brat -o DIR: brat .txt/.ann files
  suggest    candidate actors and alias variants not yet in the index
  import     import FILE [DIR]: W3C Web Annotations or Hypothesis JSON into the sidecar (exit 1 if
             some could not be placed, 2 if FILE cannot be read); --dry-run only reports
  init       write a starter marginalia.yaml for a folder of articles: titles and likely actors
             (never overwrites one: exit 2 if it exists); init --git sets up the merge driver
  merge      merge BASE OURS THEIRS [PATH]: git's merge driver for marginalia.yaml, three-way by
             entry id (exit 0 clean, 1 conflicts marked, 2 nothing merged)

options:
  --json           machine-readable output
  --format FORMAT  export format: md (default), html, json, w3c or brat
  --dry-run        import: report what would be imported, write nothing
  --group-by G     export: group notes by document (default), actor or tag
  --review STATES  export: keep only these review states, comma-separated (draft,disputed,accepted)
  -o, --output F   write the export to F instead of standard output
  --min-count N    suggest: how often a candidate must occur (default 2)
  --no-cache       neither read nor write the index cache (in $XDG_CACHE_HOME/marginalia,
                   or $MARGINALIA_CACHE_DIR when set)
  -h, --help       this text
`;

/** Parses arguments; returns a message instead when they are wrong. */
export function parseArguments(argv: readonly string[], cwd: string): CliOptions | { usage: string; exitCode: number } {
  const positional: string[] = [];
  const options: CliOptions = { command: '', dir: cwd, json: false, format: 'md', groupBy: 'document', noCache: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === '-h' || arg === '--help') return { usage: USAGE, exitCode: 0 };
      else if (arg === '--json') options.json = true;
      else if (arg === '--no-cache') options.noCache = true;
      else if (arg === '--format' || arg.startsWith('--format=')) options.format = oneOf('export format', [...NOTES_FORMATS, ...INTERCHANGE_FORMATS], optionValue(arg, value));
      else if (arg === '--dry-run') options.dryRun = true;
      else if (arg === '--group-by' || arg.startsWith('--group-by=')) options.groupBy = oneOf('grouping', NOTES_GROUPINGS, optionValue(arg, value));
      else if (arg === '--review' || arg.startsWith('--review=')) options.review = optionValue(arg, value).split(',').map((s) => oneOf('review state', REVIEW_STATES, s.trim()));
      else if (arg === '-o' || arg === '--output') options.output = value();
      else if (arg === '--min-count') options.minCount = Number(value());
      else if (arg.startsWith('-')) return { usage: `unknown option ${arg}\n\n${USAGE}`, exitCode: 2 };
      else positional.push(arg);
    } catch (error) {
      return { usage: `${(error as Error).message}\n\n${USAGE}`, exitCode: 2 };
    }
  }
  if (positional[0] === 'import') {
    options.importFile = positional.splice(1, 1)[0];
    if (options.importFile === undefined) return { usage: `import needs the FILE to read\n\n${USAGE}`, exitCode: 2 };
  }
  const [command, dir, ...rest] = positional;
  if (command === undefined) return { usage: USAGE, exitCode: 2 };
  if (!(COMMANDS as readonly string[]).includes(command)) return { usage: `unknown command "${command}"\n\n${USAGE}`, exitCode: 2 };
  if (rest.length > 0) return { usage: `too many arguments: ${rest.join(' ')}\n\n${USAGE}`, exitCode: 2 };
  if (options.minCount !== undefined && !(Number.isInteger(options.minCount) && options.minCount > 0)) return { usage: '--min-count takes a whole number ≥ 1', exitCode: 2 };
  options.command = command;
  options.dir = dir === undefined ? cwd : path.resolve(cwd, dir);
  return options;
}

class UsageError extends Error {}

/** The value of `--name VALUE` or `--name=VALUE`. */
function optionValue(arg: string, next: () => string): string {
  const equals = arg.indexOf('=');
  return equals === -1 ? next() : arg.slice(equals + 1);
}

function oneOf<T extends string>(what: string, allowed: readonly T[], value: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`unknown ${what} "${value}" (${allowed.join(', ')})`);
  return value as T;
}

/** Runs the CLI and returns its exit code; everything it prints goes through `out`. */
export async function runCli(argv: readonly string[], out: CliOutput, cwd = process.cwd()): Promise<number> {
  // The merge driver takes three files, not a corpus folder: its arguments are its own.
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), out, cwd).catch((error: Error) => (out.stderr(`marginalia merge: ${error.message}\n`), 2));
  if (argv[0] === 'init' && argv.includes('--git')) return initGitCommand(argv.slice(1), out, cwd);
  const parsed = parseArguments(argv, cwd);
  if ('usage' in parsed) {
    (parsed.exitCode === 0 ? out.stdout : out.stderr)(parsed.usage);
    return parsed.exitCode;
  }
  try {
    return await runCommand(parsed, out, cwd);
  } catch (error) {
    out.stderr(`marginalia: ${(error as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `marginalia export | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}

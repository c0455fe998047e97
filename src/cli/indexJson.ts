/**
 * The output step of `marginalia index`: mention counts tallied in one pass over the articles'
 * mentions, and `--json` written without building an object per counted file.
 *
 * On 10,000 articles (443,000 mentions, 396,000 actor–file pairs) the step used to cost a third of
 * the build: the core's `mentionCounts` fills the by-actor mention index (a list per actor and file,
 * kept for hovers and the Actors view), and every actor's files then became pairs sorted as
 * strings and an object of thousands of keys for `JSON.stringify`. The CLI needs only numbers.
 */
import { CorpusIndex } from '../core/corpus';

/** One actor's mentions: how many in all, and how many in each file that has any. */
export class MentionTally {
  total = 0;
  /** Indexes into `paths`, in the order the files are printed. */
  readonly files: number[] = [];
  /** `counts[i]` mentions in `paths[files[i]]`. */
  readonly counts: number[] = [];

  constructor(private readonly paths: TalliedPaths) {}

  get fileCount(): number {
    return this.files.length;
  }

  /** The counts by file, as `JSON.stringify` writes them (and as this class is written when it is not written by hand). */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.files.map((file, i) => [this.paths.paths[file], this.counts[i]]));
  }

  /** The `{ "file": count, … }` object indented as `JSON.stringify(…, null, 2)` would at `depth`. */
  render(depth: number): string {
    if (this.files.length === 0) return '{}';
    // An object lists keys that look like array indexes ("12") first, in numeric order: leave
    // that case, which needs a file without an extension named in the sidecar, to JSON.stringify.
    if (this.files.some((file) => this.paths.indexLike(file))) return indent(JSON.stringify(this.toJSON(), null, 2), depth);
    const inner = '\n' + '  '.repeat(depth + 1);
    const lines = this.files.map((file, i) => `${inner}${this.paths.quoted(file)}: ${this.counts[i]}`);
    return `{${lines.join(',')}\n${'  '.repeat(depth)}}`;
  }
}

/** The corpus's article paths in order, each quoted for JSON once however many actors count it. */
class TalliedPaths {
  private readonly quotes: (string | undefined)[] = [];

  constructor(readonly paths: readonly string[]) {}

  quoted(file: number): string {
    return (this.quotes[file] ??= JSON.stringify(this.paths[file]));
  }

  indexLike(file: number): boolean {
    const path = this.paths[file];
    return /^(?:0|[1-9][0-9]*)$/.test(path) && Number(path) < 2 ** 32 - 1;
  }
}

/** Every actor's tally by id, actors without mentions included, in one pass over the mentions. */
export function tallyMentions(corpus: CorpusIndex): Map<string, MentionTally> {
  const paths = new TalliedPaths(corpus.articlePaths());
  const tallies = new Map<string, MentionTally>();
  const byNumber: MentionTally[] = [];
  const numberOf = new Map<string, number>();
  for (const id of corpus.index.actors.keys()) {
    numberOf.set(id, byNumber.length);
    byNumber.push(new MentionTally(paths));
    tallies.set(id, byNumber[byNumber.length - 1]);
  }
  const inArticle = new Uint32Array(byNumber.length);
  const touched: number[] = [];
  paths.paths.forEach((path, file) => {
    corpus.article(path)!.forEachMentionActor((actorId) => {
      const actor = numberOf.get(actorId);
      if (actor !== undefined && inArticle[actor]++ === 0) touched.push(actor);
    });
    for (const actor of touched) {
      const tally = byNumber[actor];
      tally.files.push(file);
      tally.counts.push(inArticle[actor]);
      tally.total += inArticle[actor];
      inArticle[actor] = 0;
    }
    touched.length = 0;
  });
  if (needsPrintedOrder(paths.paths)) for (const tally of byNumber) sortAsPrinted(tally, paths.paths);
  return tallies;
}

/**
 * `index --json` has always listed an actor's files in the order of `[file, count]` pairs sorted by
 * `Array.prototype.sort()` without a comparator, which compares them as the strings `file,count`.
 * That is the files' own order unless one path is the whole beginning of another (`a.txt` and
 * `a.txt (copy).txt`: then `,` is compared with the next character). Kept, so the output stays
 * byte for byte what it was. When no path begins another, the tally (in path order) is already in
 * that order; and if one does, so does the path right after it in sorted order.
 */
function needsPrintedOrder(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i++) if (paths[i].startsWith(paths[i - 1])) return true;
  return false;
}

function sortAsPrinted(tally: MentionTally, paths: readonly string[]): void {
  const order = tally.files.map((file, i) => ({ file, count: tally.counts[i], key: `${paths[file]},${tally.counts[i]}` }));
  order.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  order.forEach(({ file, count }, i) => {
    tally.files[i] = file;
    tally.counts[i] = count;
  });
}

/**
 * What `JSON.stringify(value, null, 2)` gives for the object `index --json` prints, but with each
 * actor's `mentions` tally written by hand: the top level and the `actors` array are walked here,
 * every other value is left to `JSON.stringify`.
 */
export function indexJsonText(value: Record<string, unknown>): string {
  return [...indexJsonPieces(value)].join('');
}

/**
 * A list whose elements are made as they are written (`map` of each item), never held all at once;
 * `JSON.stringify` writes it as the array of them.
 */
export class JsonList<T, U> {
  constructor(
    private readonly items: Iterable<T>,
    private readonly map: (item: T) => U,
  ) {}

  *[Symbol.iterator](): Iterator<U> {
    for (const item of this.items) yield this.map(item);
  }

  toJSON(): U[] {
    return [...this];
  }
}

/**
 * {@link indexJsonText} in pieces, a list's element or an actor at a time, to be written as they
 * come: on 30,000 articles the whole text is 60 MB, and a member made whole held it twice more.
 */
export function* indexJsonPieces(value: Record<string, unknown>): Generator<string> {
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    const head = `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(member) || member instanceof JsonList) {
      yield head;
      yield* listPieces(member as Iterable<unknown>, key === 'actors' ? renderActor : renderElement);
    } else {
      const text = stringified(member, 1);
      if (text === undefined) continue;
      yield head + text;
    }
    first = false;
  }
  yield first ? '{}' : '\n}';
}

/** Joins `pieces` into writes of about a megabyte: one system call per piece would be thousands. */
export function writeInChunks(pieces: Iterable<string>, write: (text: string) => void): void {
  let chunk: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    chunk.push(piece);
    length += piece.length;
    if (length < CHUNK_LENGTH) continue;
    write(chunk.join(''));
    chunk = [];
    length = 0;
  }
  if (chunk.length > 0) write(chunk.join(''));
}

const CHUNK_LENGTH = 1 << 20;

/** A top-level list as `JSON.stringify(…, null, 2)` writes it, an element at a time. */
function* listPieces(items: Iterable<unknown>, render: (item: unknown) => string): Generator<string> {
  let empty = true;
  for (const item of items) {
    yield `${empty ? '[' : ','}\n    ${render(item)}`;
    empty = false;
  }
  yield empty ? '[]' : '\n  ]';
}

function renderElement(item: unknown): string {
  // In a list, what JSON.stringify cannot write is null.
  return stringified(item, 2) ?? 'null';
}

/** An actor with its tally written by hand. */
function renderActor(actor: unknown): string {
  return isPlainObject(actor) ? renderObject(actor, 2, (_key, member) => (member instanceof MentionTally ? member.render(3) : undefined)) : renderElement(actor);
}

/** An object's members as `JSON.stringify` indents them at `depth`; `special` may write a member itself (indented for `depth + 1`). */
function renderObject(value: Record<string, unknown>, depth: number, special: (key: string, member: unknown) => string | undefined): string {
  const inner = '\n' + '  '.repeat(depth + 1);
  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    const text = special(key, member) ?? stringified(member, depth + 1);
    if (text !== undefined) members.push(`${inner}${JSON.stringify(key)}: ${text}`);
  }
  return members.length === 0 ? '{}' : `{${members.join(',')}\n${'  '.repeat(depth)}}`;
}

/** `JSON.stringify(value, null, 2)` moved to `depth`; undefined for what it cannot write (undefined, functions), which an object leaves out. */
function stringified(value: unknown, depth: number): string | undefined {
  const json = JSON.stringify(value, null, 2) as string | undefined;
  return json === undefined ? undefined : indent(json, depth);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype && !('toJSON' in value);
}

/** JSON text written at depth 0, moved to `depth` (a JSON string never holds a raw line break). */
function indent(text: string, depth: number): string {
  return depth === 0 ? text : text.replace(/\n/g, '\n' + '  '.repeat(depth));
}

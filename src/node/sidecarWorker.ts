/**
 * Parsing a large sidecar takes a while (the fast reader a quarter of a second for 20,000
 * annotations, `yaml` seconds), so the extension does it on a worker thread: its host stays
 * responsive, and the articles are read meanwhile. The worker sends back what was read — index,
 * problems — as plain data; the YAML document itself is parsed again on the main thread only if a
 * structural edit ever needs it.
 *
 * The fast reader leaves spans to compute when first asked for. Entry edits ask for them all (every
 * entry after the edit moves), which would be `yaml`'s whole-text read on the extension host:
 * `sidecarSpansOnWorker` computes them on a worker once the index is shown.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { SidecarParser } from '../core/corpus';
import { MarginaliaIndex } from '../core/model';
import { fillPendingSpans, hasMissingSpans } from '../core/sidecar/lazySpans';
import { ParsedSidecar, parseSidecar, parseSidecarWithYaml, unreadableSidecar, withLazyDocument } from '../core/sidecar/read';
import { stripBom } from '../core/text';

/** Below this many characters a worker costs more to start than the parse it saves. */
const WORKER_MIN_CHARS = 256 * 1024;

interface ParseRequest {
  text: string;
  file: string;
  /** Only `yaml`'s read, for its spans. */
  spans?: true;
}

type ParseAnswer = Omit<ParsedSidecar, 'text' | 'document'>;

/** A parser that sends large sidecars to `workerScript` (a bundle that calls `answerParseRequest`). */
export function sidecarParserOnWorker(workerScript: string, minChars = WORKER_MIN_CHARS): SidecarParser {
  return (text, file) => {
    if (text.length < minChars) return Promise.resolve(parseSidecar(text, file));
    return new Promise<ParsedSidecar>((resolve) => {
      const worker = new Worker(workerScript, { workerData: { text, file } satisfies ParseRequest });
      let answered = false;
      worker.once('message', (answer: ParseAnswer) => {
        answered = true;
        resolve(withLazyDocument({ text: stripBom(text), ...answer }, file));
        void worker.terminate();
      });
      // A worker that cannot start (a missing bundle) must not stop the corpus from opening.
      worker.once('error', () => {
        if (!answered) resolve(parseSidecar(text, file));
      });
      worker.once('exit', (code) => {
        // Settles nothing when the 'error' fallback above already has.
        if (!answered && code !== 0) resolve(unreadableSidecar(stripBom(text), file, 'unreadable', `the sidecar parser stopped with exit code ${code}`, 0));
      });
    });
  };
}

/**
 * Computes the spans of `parsed` still pending, from `yaml`'s read of its text on a worker
 * (`workerScript`, as for `sidecarParserOnWorker`); resolves when they are in, or when there was
 * nothing to compute. Spans asked for meanwhile are computed where they are asked for, as without it.
 */
export function sidecarSpansOnWorker(workerScript: string, minChars = WORKER_MIN_CHARS): (parsed: ParsedSidecar) => Promise<void> {
  const underway = new WeakSet<MarginaliaIndex>();
  return (parsed) => {
    // A small sidecar's spans cost less than a worker's start, and are computed when asked for.
    if (parsed.invalid || parsed.text.length < minChars || underway.has(parsed.index) || !hasMissingSpans(parsed.index)) return Promise.resolve();
    underway.add(parsed.index);
    return new Promise<void>((resolve) => {
      const worker = new Worker(workerScript, { workerData: { text: parsed.text, file: 'marginalia.yaml', spans: true } satisfies ParseRequest });
      worker.once('message', (read: MarginaliaIndex) => {
        fillPendingSpans(parsed.index, read);
        void worker.terminate();
        resolve();
      });
      // Whatever stops the worker leaves the spans to be computed when asked for.
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    });
  };
}

/** The worker's side: parse the text it was started with and send back what was read. */
export function answerParseRequest(): void {
  const { text, file, spans } = workerData as ParseRequest;
  if (spans) {
    parentPort!.postMessage(parseSidecarWithYaml(text, file).index);
    return;
  }
  // Spans the fast reader left to compute are not sent (a copy takes only data): they are
  // computed on the other side when asked for.
  const { index, problems, invalid } = parseSidecar(text, file);
  parentPort!.postMessage({ index, problems, invalid } satisfies ParseAnswer);
}

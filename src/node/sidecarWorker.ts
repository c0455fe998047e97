/**
 * Parsing a large sidecar takes seconds (`yaml` reads a 20,000-annotation file in about two), so
 * the extension does it on a worker thread: its host stays responsive, and the articles are read
 * meanwhile. The worker sends back what was read — index, problems — as plain data; the YAML
 * document itself is parsed again on the main thread only if a structural edit ever needs it.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { SidecarParser } from '../core/corpus';
import { ParsedSidecar, parseSidecar, unreadableSidecar, withLazyDocument } from '../core/sidecar/read';
import { stripBom } from '../core/text';

/** Below this many characters a worker costs more to start than the parse it saves. */
const WORKER_MIN_CHARS = 256 * 1024;

interface ParseRequest {
  text: string;
  file: string;
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
        resolve(withLazyDocument({ text, ...answer }));
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

/** The worker's side: parse the text it was started with and send back what was read. */
export function answerParseRequest(): void {
  const { text, file } = workerData as ParseRequest;
  const { index, problems, invalid } = parseSidecar(text, file);
  parentPort!.postMessage({ index, problems, invalid } satisfies ParseAnswer);
}

/**
 * Fuzzy anchoring of long quotes (issue 9, item 13): a 5,000-character quote in a 1 MB article,
 * found after a few edits, with and without a position hint, and not found at all. Prints the
 * median and worst time per annotation over a few trials; nothing is asserted (speed is measured
 * here, never in a test).
 *
 *   npm run compile-tests && node out/bench/longQuote.js
 */
import { performance } from 'node:perf_hooks';
import { anchor } from '../src/core/anchoring';
import { QuoteSelector } from '../src/core/model';

const ARTICLE_LENGTH = 1_000_000;
const QUOTE_LENGTH = 5_000;
const TRIALS = 7;

/** Deterministic pseudo-random numbers (a linear congruential generator), so every run reads the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Prose-like text: words from a vocabulary of 3,000 made-up words, sentences, paragraphs. */
function article(next: () => number): string {
  const syllables = ['ka', 'lo', 'mer', 'tan', 'vi', 'sol', 'dra', 'en', 'po', 'ric', 'ul', 'fa', 'sen', 'tor', 'ba', 'nim'];
  const vocabulary = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  const common = ['the', 'of', 'and', 'a', 'to', 'in', 'said', 'was', 'for', 'on'];
  const parts: string[] = [];
  let length = 0;
  while (length < ARTICLE_LENGTH) {
    const words = Array.from({ length: 8 + Math.floor(next() * 20) }, () => (next() < 0.4 ? common[Math.floor(next() * common.length)] : vocabulary[Math.floor(next() * vocabulary.length)]));
    const sentence = words.join(' ') + (next() < 0.15 ? '.\n\n' : '. ');
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('').slice(0, ARTICLE_LENGTH);
}

/** `count` single-character edits (substitutions, insertions, deletions) spread over `text`. */
function edit(text: string, count: number, next: () => number): string {
  let out = text;
  for (let e = 0; e < count; e++) {
    const at = Math.floor(next() * (out.length - 1));
    const kind = e % 3;
    out = kind === 0 ? out.slice(0, at) + 'x' + out.slice(at + 1) : kind === 1 ? out.slice(0, at) + 'q' + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}

/** Wall-clock and CPU time per annotation: on a shared machine the CPU time is the steadier of the two. */
function measure(name: string, run: () => string): void {
  const times: number[] = [];
  const cpu: number[] = [];
  let outcome = run(); // warm-up, not counted: the first call also compiles the code
  for (let trial = 0; trial < TRIALS; trial++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    outcome = run();
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (list: number[]): string => [...list].sort((a, b) => a - b)[list.length >> 1].toFixed(1).padStart(6);
  console.log(`${name.padEnd(50)} wall median ${median(times)} ms, worst ${Math.max(...times).toFixed(1).padStart(6)} ms; CPU median ${median(cpu)} ms   ${outcome}`);
}

const next = random(20261123);
const text = article(next);
const at = Math.floor(ARTICLE_LENGTH * 0.6);
const passage = text.slice(at, at + QUOTE_LENGTH);
console.log(`article ${text.length} characters, quote ${passage.length} characters at ${at}`);

for (const edits of [5, 50, 250]) {
  // The article was edited inside the quoted passage: the stored quote no longer matches exactly.
  // Decoded from bytes, as articles are read: one flat string, not a concatenation.
  const edited = new TextDecoder().decode(new TextEncoder().encode(text.slice(0, at) + edit(passage, edits, next) + text.slice(at + QUOTE_LENGTH)));
  const withHint: QuoteSelector = { quote: passage, start: at };
  const withoutHint: QuoteSelector = { quote: passage };
  const show = (selector: QuoteSelector) => (): string => {
    const result = anchor(selector, edited);
    return `${result.status} at ${result.range?.start ?? '-'}, ${Math.round(result.confidence * 1000) / 10}%`;
  };
  measure(`${edits} edits in the passage, start hint stored`, show(withHint));
  measure(`${edits} edits in the passage, quote only`, show(withoutHint));
}
const absent = edit(passage.split('').reverse().join(''), 5, next);
measure('a quote that is not in the article', () => anchor({ quote: absent, start: at }, text).status);

/**
 * A reproducible synthetic corpus for the benchmarks: by default 10,000 articles of about 7 KB,
 * 200 actors with about 800 aliases, and a sidecar with 20,000 annotations. The same seed gives
 * the same bytes.
 *
 *   node out/bench/generate.js [DIR] [--articles N] [--actors N] [--annotations N] [--seed N]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document } from 'yaml';
import { describePassage } from '../src/core/anchoring';

export interface GenerateOptions {
  articles: number;
  actors: number;
  annotations: number;
  seed: number;
}

export const DEFAULTS: GenerateOptions = { articles: 10_000, actors: 200, annotations: 20_000, seed: 20261122 };

/** mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['al', 'ven', 'dor', 'ka', 'mir', 'tel', 'os', 'ran', 'vi', 'sha', 'lor', 'en', 'tak', 'ul', 'bre', 'nia', 'zo', 'ter', 'gal', 'is'];
const FILLER = ('the of and to in a that for on with as was by at from it said has have were which would its their an be '
  + 'officials talks government agreement border trade security minister week report analysts military economic policy '
  + 'meeting country region support pressure sanctions statement leaders president council visit plan cooperation').split(' ');

interface GeneratedActor {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
}

export function generate(dir: string, options: GenerateOptions = DEFAULTS): { bytes: number; aliases: number } {
  const rand = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const word = (syllables: number): string => Array.from({ length: syllables }, () => pick(SYLLABLES)).join('');
  const capital = (w: string): string => w[0].toUpperCase() + w.slice(1);

  const actors: GeneratedActor[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < options.actors; i++) {
    const kind = i % 4 === 0 ? 'state' : i % 4 === 1 ? 'organization' : 'person';
    let name: string;
    do {
      name = kind === 'person' ? `${capital(word(2))} ${capital(word(3))}` : kind === 'state' ? capital(word(3)) : `${capital(word(2))} ${pick(['Council', 'Trust', 'Bank', 'Front', 'Institute'])}`;
    } while (usedNames.has(name));
    usedNames.add(name);
    const aliases = [name];
    if (kind === 'person') aliases.push(`Minister ${name}`, name.split(' ')[1], `${name.split(' ')[0][0]}. ${name.split(' ')[1]}`);
    else if (kind === 'state') aliases.push(`Republic of ${name}`, `${name.toUpperCase().slice(0, 4)}`, `the ${name} government`);
    else aliases.push(name.replace(/ \w+$/, ''), `${name.split(' ')[0].toUpperCase().slice(0, 3)}C`, `the ${name}`);
    actors.push({ id: `actor-${i}`, name, kind, aliases: [...new Set(aliases)] });
  }

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  const texts: string[] = [];
  let bytes = 0;
  for (let a = 0; a < options.articles; a++) {
    const lines: string[] = [`Report ${a}: ${capital(word(2))} and ${capital(word(3))}`];
    let length = lines[0].length;
    while (length < 7000) {
      const words: string[] = [];
      const count = 12 + Math.floor(rand() * 20);
      for (let w = 0; w < count; w++) {
        if (rand() < 0.04) words.push(pick(pick(actors).aliases) + (rand() < 0.1 ? '’s' : ''));
        else words.push(rand() < 0.1 ? String(Math.floor(rand() * 10_000)) : pick(FILLER));
      }
      const sentence = capital(words.join(' ')) + '.';
      lines.push(sentence);
      length += sentence.length + 1;
    }
    const text = lines.join(a % 10 === 0 ? '\r\n' : '\n') + '\n';
    texts.push(text);
    const file = path.join(dir, 'articles', `article-${String(a).padStart(5, '0')}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }

  const annotations: Record<string, Record<string, unknown>> = {};
  for (let n = 0; n < options.annotations; n++) {
    const article = Math.floor(rand() * options.articles);
    const text = texts[article];
    const start = Math.floor(rand() * (text.length - 200)) + 50;
    const end = start + 20 + Math.floor(rand() * 60);
    const selector = describePassage(text, { start, end });
    const entry: Record<string, unknown> = { file: `articles/article-${String(article).padStart(5, '0')}.txt`, ...selector };
    if (n % 20 === 0) {
      delete entry.prefix;
      delete entry.suffix;
      delete entry.start; // hand-written: file and quote only
    }
    if (n % 3 === 0) entry.note = `Synthetic note ${n}: compare with the earlier report.`;
    entry.tags = [pick(['trade', 'security', 'border', 'sanctions'])];
    if (n > 0 && n % 7 === 0) entry.links = [{ to: `note-${n - 1}`, type: 'related' }];
    annotations[`note-${n}`] = entry;
  }
  const sidecar = new Document({
    version: 1,
    actors: Object.fromEntries(actors.map((a) => [a.id, { name: a.name, kind: a.kind, aliases: a.aliases }])),
    annotations,
  });
  sidecar.commentBefore = ' Synthetic benchmark corpus (bench/generate.ts); regenerate rather than edit.';
  writeFileSync(path.join(dir, 'marginalia.yaml'), sidecar.toString({ lineWidth: 0, flowCollectionPadding: false }));
  return { bytes, aliases: actors.reduce((n, a) => n + a.aliases.length, 0) };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? path.join(__dirname, '..', '..', 'bench', '.corpus');
  const options = { articles: option('articles', DEFAULTS.articles), actors: option('actors', DEFAULTS.actors), annotations: option('annotations', DEFAULTS.annotations), seed: option('seed', DEFAULTS.seed) };
  const started = Date.now();
  const { bytes, aliases } = generate(dir, options);
  console.log(`generated ${options.articles} articles (${(bytes / 1e6).toFixed(1)} MB), ${options.actors} actors with ${aliases} aliases, ${options.annotations} annotations in ${dir} (${Date.now() - started} ms)`);
}

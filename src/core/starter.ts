/**
 * A starter sidecar for a folder of articles that has none (`marginalia init`, *Create Index*):
 * every article with its title, and the candidate actors `suggest` is confident about. The text is
 * built with the sidecar's renderer and read back with its reader before anyone writes it.
 */
import type { CorpusIndex } from './corpus';
import { ActorKind, SIDECAR_VERSION } from './model';
import { slugify, uniqueId } from './naming';
import { parseSidecar, SIDECAR_FILE_NAME } from './sidecar/read';
import { renderPair, YamlValue } from './sidecar/render';
import type { CandidateActor } from './suggest';

/** An actor the starter writes. */
export interface StarterActor {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
}

export interface StarterSidecar {
  /** The YAML text to write. */
  text: string;
  /** Article path → title, for the articles that have one (the others are left out). */
  documents: Map<string, string>;
  actors: StarterActor[];
}

/**
 * Which candidates of `suggest` go into a starter sidecar: those it is confident about (its rules
 * already leave out adjectives, demonyms, headings in capitals, fragments and joined names), seen
 * in at least two articles, so that a name one article happens to repeat is not made an actor.
 */
export function isConfidentCandidate(candidate: CandidateActor): boolean {
  return candidate.confident && candidate.files.length >= 2;
}

/** A title before a person's name, left out of the actor's name (kept in its alias). */
const HONORIFIC = /^(?:(?:President|Prime Minister|Foreign Minister|Minister|Chairman|General|Leader|King|Queen|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+)+(?=\p{Lu})/u;

/**
 * One actor per person: a person candidate whose words lie inside exactly one longer person
 * candidate's (`Putin` in `President Vladimir Putin`) becomes its alias. A name that begins the
 * longer one but also begins other names in the articles (`Kim` of `Kim Jong Un`, when `Kim Jong
 * Il` and `Kim Il Sung` occur too) is a family name, not this person: it is left out, since as an
 * alias it would count the others as mentions of this one. So is a name inside two longer ones.
 * Groups come in the order of their most frequent candidate; the longest phrase first in each.
 */
function groupCandidates(candidates: readonly CandidateActor[], texts: readonly string[]): CandidateActor[][] {
  const words = (c: CandidateActor): string[] => c.phrase.split(/\s+/);
  const inside = (short: string[], long: string[]): boolean => long.length > short.length && long.some((_, i) => short.every((w, j) => long[i + j] === w));
  const groups: { first: number; members: CandidateActor[] }[] = [];
  const byLength = candidates.map((c, i) => ({ c, i })).sort((a, b) => words(b.c).length - words(a.c).length || a.i - b.i);
  for (const { c, i } of byLength) {
    const containers = c.kind === 'person' ? groups.filter((g) => g.members[0].kind === 'person' && inside(words(c), words(g.members[0]))) : [];
    // Inside two people's names, or a family name others share: which person it means is not known.
    if (containers.length > 1 || (containers.length === 1 && beginsOtherNames(words(c), words(containers[0].members[0]), texts))) continue;
    if (containers.length === 1) {
      containers[0].members.push(c);
      containers[0].first = Math.min(containers[0].first, i);
    } else groups.push({ first: i, members: [c] });
  }
  return groups.sort((a, b) => a.first - b.first).map((g) => g.members);
}

/** Whether `short`, the first words of `long`, is followed somewhere by a capitalised word that `long` does not continue with. */
function beginsOtherNames(short: string[], long: string[], texts: readonly string[]): boolean {
  if (long.slice(0, short.length).join(' ') !== short.join(' ')) return false;
  const next = long[short.length];
  const escaped = short.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const followed = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}\\s+(\\p{Lu}[\\p{L}\\p{N}'’-]*)`, 'gu');
  return texts.some((text) => [...text.matchAll(followed)].some((match) => match[1] !== next));
}

/** The header that says what the file is. */
const HEADER = [
  '# Marginalia index for this folder of articles: a starter written by `marginalia init`',
  '# (or the command Marginalia: Create Index). Edit freely; comments and key order are kept.',
  '# Titles are each article\'s headline; the actors are names found in more than one article —',
  '# check their kind and aliases, and delete any that are not actors.',
];

/**
 * The starter sidecar of a corpus that has none: `documents` with each titled article's title,
 * `actors` from the confident `candidates`, and empty `annotations`.
 */
export function starterSidecar(corpus: CorpusIndex, candidates: readonly CandidateActor[]): StarterSidecar {
  const documents = new Map<string, string>();
  for (const path of corpus.articlePaths()) {
    const title = corpus.titleOf(path);
    if (title !== undefined) documents.set(path, title);
  }
  const taken = new Set<string>();
  const actors = groupCandidates(candidates.filter(isConfidentCandidate), corpus.articlePaths().map((path) => corpus.article(path)!.text)).map((group): StarterActor => {
    const name = group[0].phrase.replace(HONORIFIC, '');
    const id = uniqueId(slugify(name), (id) => taken.has(id));
    taken.add(id);
    return { id, name, kind: group[0].kind ?? 'other', aliases: group.map((c) => c.phrase) };
  });
  const documentsYaml: { [path: string]: YamlValue } = Object.fromEntries([...documents].map(([path, title]) => [path, { title }]));
  const actorsYaml: { [id: string]: YamlValue } = Object.fromEntries(actors.map((a) => [a.id, { name: a.name, kind: a.kind, aliases: a.aliases }]));
  const text = [
    ...HEADER,
    renderPair('version', SIDECAR_VERSION),
    renderPair('documents', documentsYaml),
    renderPair('actors', actorsYaml),
    renderPair('annotations', {}),
    '',
  ].join('\n');
  return { text, documents, actors };
}

/**
 * What is wrong when the starter's text is read back with the sidecar's reader: any problem it
 * reports, or a document or actor that does not read back as meant. Empty when it may be written.
 */
export function starterReadBackProblems(starter: StarterSidecar, file = SIDECAR_FILE_NAME): string[] {
  const parsed = parseSidecar(starter.text, file);
  const problems = parsed.problems.map((p) => `${p.severity}: ${p.message}`);
  const { index } = parsed;
  if (index.documents.size !== starter.documents.size) problems.push(`${index.documents.size} documents read back, ${starter.documents.size} meant`);
  for (const [path, title] of starter.documents) {
    if (index.documents.get(path)?.title !== title) problems.push(`the title of ${path} reads back as ${JSON.stringify(index.documents.get(path)?.title)}, not ${JSON.stringify(title)}`);
  }
  if (index.actors.size !== starter.actors.length) problems.push(`${index.actors.size} actors read back, ${starter.actors.length} meant`);
  for (const meant of starter.actors) {
    const actor = index.actors.get(meant.id);
    if (!actor || actor.name !== meant.name || actor.kind !== meant.kind || actor.aliases.join('\n') !== meant.aliases.join('\n')) problems.push(`actor "${meant.id}" does not read back as written`);
  }
  if (index.annotations.size !== 0 || index.relations.length !== 0) problems.push('annotations or relations read back from a starter that has none');
  return problems;
}

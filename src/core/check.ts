/**
 * Reference checks over a parsed index: ids that point nowhere, aliases that two actors share,
 * annotations on files that do not exist. Anchors are checked by the corpus, which has the texts.
 */
import { MarginaliaIndex, Problem, Severity } from './model';

/**
 * Problems in how the entries of an index refer to each other and to the corpus files.
 * `refusalOf` says why a file that exists was not read (a symlink leading outside, a FIFO…).
 */
export function checkReferences(index: MarginaliaIndex, file: string, articleExists: (path: string) => boolean, refusalOf: (path: string) => string | undefined = () => undefined): Problem[] {
  const problems: Problem[] = [];
  const report = (severity: Severity, code: string, message: string, range: { start: number; end: number }): void => {
    problems.push({ severity, code, message, file, range });
  };

  const aliasOwners = new Map<string, string>();
  for (const actor of index.actors.values()) {
    if (actor.memberOf !== undefined && !index.actors.has(actor.memberOf)) {
      report('error', 'unknown-actor', `actor "${actor.id}": memberOf names unknown actor "${actor.memberOf}"`, actor.span);
    }
    if (actor.aliases.length === 0) report('info', 'no-aliases', `actor "${actor.id}" has no aliases, so no mentions are found`, actor.span);
    for (const alias of actor.aliases) {
      const key = actor.matchCase ? alias : alias.toLowerCase();
      const owner = aliasOwners.get(key);
      if (owner !== undefined && owner !== actor.id) {
        report('warning', 'shared-alias', `alias "${alias}" of actor "${actor.id}" is already an alias of "${owner}"; its mentions go to "${owner}"`, actor.span);
      } else aliasOwners.set(key, actor.id);
    }
  }

  for (const relation of index.relations) {
    for (const end of [relation.from, relation.to]) {
      if (!index.actors.has(end)) report('error', 'unknown-actor', `relation ${relation.from} → ${relation.to}: unknown actor "${end}"`, relation.span);
    }
    for (const evidence of relation.evidence) {
      if (!index.annotations.has(evidence)) report('error', 'dangling-link', `relation ${relation.from} → ${relation.to}: evidence "${evidence}" is not an annotation`, relation.span);
    }
  }

  for (const annotation of index.annotations.values()) {
    for (const actorId of annotation.actors) {
      if (!index.actors.has(actorId)) report('error', 'unknown-actor', `annotation "${annotation.id}": unknown actor "${actorId}"`, annotation.span);
    }
    for (const link of annotation.links) {
      if (!index.annotations.has(link.to)) report('error', 'dangling-link', `annotation "${annotation.id}": link to unknown annotation "${link.to}"`, link.span);
      else if (link.to === annotation.id) report('warning', 'self-link', `annotation "${annotation.id}" links to itself`, link.span);
    }
    const refusal = articleExists(annotation.file) ? undefined : refusalOf(annotation.file);
    if (refusal !== undefined) report('error', 'not-read', `annotation "${annotation.id}" is orphaned: file "${annotation.file}" is not read (${refusal}); the annotation is kept`, annotation.span);
    else if (!articleExists(annotation.file)) report('error', 'missing-file', `annotation "${annotation.id}": file "${annotation.file}" does not exist`, annotation.span);
  }

  for (const meta of index.documents.values()) {
    const refusal = articleExists(meta.path) ? undefined : refusalOf(meta.path);
    if (refusal !== undefined) report('warning', 'not-read', `documents: "${meta.path}" is not read (${refusal})`, meta.span);
    else if (!articleExists(meta.path)) report('warning', 'missing-file', `documents: "${meta.path}" does not exist`, meta.span);
  }
  return problems;
}

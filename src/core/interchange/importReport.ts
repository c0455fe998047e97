/** An import's report in words, for the CLI's output and the extension's log. */
import { counted } from '../text';
import { ImportReport } from './importPlan';

/** The report of an import, for people: what was placed where, renamed, left out, and not placed. */
export function importReportText(report: ImportReport, format: string, dryRun: boolean): string {
  const lines: string[] = [];
  for (const p of report.placed) lines.push(`  ${p.id}: ${p.file}:${p.line}${p.status === 'fuzzy' ? ` (fuzzy, ${p.similarity}% similar: the passage differs from the quote)` : ''}`);
  for (const r of report.renamed) lines.push(`  renamed ${r.from} → ${r.to}: an annotation "${r.from}" already exists and differs; it was left as it is`);
  for (const id of report.alreadyPresent) lines.push(`  ${id}: already in the sidecar with the same passage and note; left as it is`);
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  if (report.notPlaced.length > 0) lines.push(`not placed (${report.notPlaced.length}):`);
  for (const n of report.notPlaced) lines.push(`  ${n.label}: ${n.reason}`);
  const verb = dryRun ? 'would import' : 'imported';
  lines.push(`${verb} ${counted(report.placed.length, 'annotation')} (${format})${report.notPlaced.length > 0 ? `, ${report.notPlaced.length} not placed` : ''}${dryRun ? '; nothing was written (--dry-run)' : ''}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** Core offsets and line/columns ↔ VS Code positions, ranges and locations: the one place for it. */
import * as vscode from 'vscode';
import { OffsetRange } from '../core/model';
import { LineColumn, LineIndex } from '../core/text';

/** Anything that maps offsets to positions: an open `TextDocument` or the core's `LineIndex`. */
export type OffsetMapper = Pick<vscode.TextDocument, 'positionAt'> | LineIndex;

export function toPosition(mapper: OffsetMapper, offset: number): vscode.Position {
  const position = mapper.positionAt(offset);
  return position instanceof vscode.Position ? position : new vscode.Position(position.line, position.character);
}

export function toRange(mapper: OffsetMapper, range: OffsetRange): vscode.Range {
  return new vscode.Range(toPosition(mapper, range.start), toPosition(mapper, range.end));
}

export function lineColumnToPosition(position: LineColumn): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

import Table from "cli-table3";
import { terminalText } from "./terminal-text.ts";

/** A cell we coloured ourselves, around our own words or text already escaped: printed as is. */
export class Styled {
  constructor(readonly text: string) {}
}

export type TerminalCell = string | number | Styled;

/**
 * A table for the terminal. Every text cell goes through `terminalText`, so
 * imported text cannot act on the terminal however a command builds its
 * rows; only `Styled` cells keep their escape sequences, which are our colours.
 */
export function terminalTable(
  head: readonly string[],
  rows: readonly (readonly TerminalCell[])[],
  options: Table.TableConstructorOptions = {},
): string {
  const table = new Table({ head: head.map(terminalText), style: { head: [], border: [] }, ...options });
  for (const row of rows) table.push(row.map(cellText));
  return table.toString();
}

function cellText(cell: TerminalCell): string | number {
  if (cell instanceof Styled) return cell.text;
  return typeof cell === "number" ? cell : terminalText(cell);
}

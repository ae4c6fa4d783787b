/**
 * Grouping the lines of an education or experience section into entries. Résumés put an
 * entry's facts on one line ("2019.03 - 至今  字节跳动  前端工程师") or spread them over
 * two or three ("Stripe — Seattle, WA" / "Senior Engineer   Mar 2019 – Present"), then
 * add description lines. A line's facts join the current entry until they clash with one
 * it already has (a second date range, a second company), or until a fact line follows
 * description lines — then a new entry starts.
 */
import type { Line } from './lines.js';

export interface LineFacts<F> {
  /** Facts found on the line (only the keys present count). */
  facts: Partial<F>;
  /** A description line (bullet, responsibility text): it carries no facts. */
  description: boolean;
}

export interface Entry<F> {
  facts: Partial<F>;
  /** The lines that gave facts, in order. */
  factLines: Line[];
}

/**
 * `headKey`: when the first fact line of the section carries only this fact (an employer
 * heading its roles: "WIDGETS LLC  Boston, MA"), every later line carrying only it starts
 * an entry too, even right after another entry's title and dates. When the section leads
 * with dates instead, a company line after them belongs to that entry.
 */
export function groupEntries<F extends object>(lines: Line[], read: (line: Line) => LineFacts<F>, headKey?: keyof F): Entry<F>[] {
  const entries: Entry<F>[] = [];
  let current: Entry<F> | null = null;
  let describedSinceFacts = false;
  let headed: boolean | null = null;
  for (const line of lines) {
    const { facts, description } = read(line);
    const keys = (Object.keys(facts) as Array<keyof F>).filter((k) => facts[k] !== undefined && facts[k] !== null);
    if (description || keys.length === 0) {
      if (current) describedSinceFacts = true;
      continue;
    }
    const clash = current !== null && keys.some((k) => current!.facts[k] !== undefined && current!.facts[k] !== null);
    const onlyHead = headKey !== undefined && keys.length === 1 && keys[0] === headKey;
    headed ??= onlyHead;
    if (current === null || clash || describedSinceFacts || (headed && onlyHead)) {
      current = { facts: {}, factLines: [] };
      entries.push(current);
    }
    for (const k of keys) current.facts[k] = facts[k];
    current.factLines.push(line);
    describedSinceFacts = false;
  }
  return entries;
}

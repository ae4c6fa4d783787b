/** Trailing spaces off every line, at most one empty line in a row. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t\u3000]+$/gmu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

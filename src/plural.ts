/** "1 line", "3 lines": a count with its noun, for any front end's words. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

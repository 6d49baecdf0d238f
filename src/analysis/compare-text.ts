/**
 * Code-unit order for strings: `localeCompare` would make sorted output (names, paths, reports)
 * depend on the machine's locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

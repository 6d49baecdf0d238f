import { compareText } from '../analysis/compare-text';
import type { EnvVariable } from './transform-api';
import { detectEol } from '../fixes/source-text';

/**
 * `.env.example`: one `NAME=<default>` line per variable the env-endpoints transform introduced,
 * under a `# used in <file>:<line>` comment. Merging only appends: a variable the file already
 * mentions (`NAME=`, `export NAME=`, or commented out as `# NAME=`) is left as it is.
 */

const MAX_LOCATIONS = 3;
const ASSIGNMENT = /^[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/;
// dotenv ends an unquoted value at `#`, trims spaces, and dotenv-expand expands `$`.
const SAFE_UNQUOTED = /^[A-Za-z0-9_.:/?&=%+~@,;!*()[\]-]*$/;

/**
 * The new text of `.env.example` (`existingText` null when the file does not exist), or null
 * when every variable is already there. Paths are printed as given: pass them relative to the
 * file's directory. Variables are grouped by name and sorted, so the result does not depend on
 * the order files were processed in.
 */
export function mergeEnvExample(existingText: string | null, variables: readonly EnvVariable[]): string | null {
  const present = new Set<string>();
  for (const line of (existingText ?? '').split(/\r?\n/)) {
    const name = ASSIGNMENT.exec(line)?.[1];
    if (name !== undefined) present.add(name);
  }
  const byName = new Map<string, EnvVariable[]>();
  for (const variable of variables) {
    if (present.has(variable.name)) continue;
    byName.set(variable.name, [...(byName.get(variable.name) ?? []), variable]);
  }
  if (byName.size === 0) return null;

  const eol = existingText === null ? '\n' : detectEol(existingText);
  // Default sort is code-unit order, independent of the machine's locale.
  const blocks = [...byName.keys()].sort().map((name) => renderBlock(name, byName.get(name)!).join(eol));
  if (existingText === null || existingText === '') return blocks.join(eol + eol) + eol;
  const separator = existingText.endsWith('\n') ? eol : eol + eol;
  return existingText + separator + blocks.join(eol + eol) + eol;
}

function renderBlock(name: string, uses: readonly EnvVariable[]): string[] {
  const sorted = [...uses].sort((a, b) => compareText(a.filePath, b.filePath) || a.line - b.line);
  const locations = sorted.slice(0, MAX_LOCATIONS).map((use) => `${use.filePath}:${use.line}`);
  const more = sorted.length - locations.length;
  const lines = [`# used in ${locations.join(', ')}${more > 0 ? ` and ${more} more` : ''}`];
  // One name with two defaults means names were assigned per file; say so rather than pick silently.
  const [chosen, ...others] = [...new Set(sorted.map((use) => use.defaultValue))];
  for (const other of others) {
    const use = sorted.find((candidate) => candidate.defaultValue === other)!;
    lines.push(`# ${use.filePath}:${use.line} defaults to ${other} instead`);
  }
  lines.push(`${name}=${dotenvValue(chosen)}`);
  return lines;
}

function dotenvValue(value: string): string {
  if (SAFE_UNQUOTED.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
}

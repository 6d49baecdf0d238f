import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/program';

/**
 * `--help` and docs/cli.md must list the same commands and, per command, the same flags, so that
 * neither can change without the other. README's flag table may only name flags that exist.
 */
const repoRoot = join(__dirname, '..', '..');
const CLI_DOC = readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8');
const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
/** docs/cli.md's rows without a scope are for these (its "All three commands take these options"). */
const CODEMOD_COMMANDS = ['check', 'fix', 'list'];
const PROGRAM = 'safe-requests';

function help(argv: string[]): string {
  let text = '';
  const result = parseCommandLine(argv, { stdout: (chunk) => (text += chunk), stderr: (chunk) => (text += chunk) });
  expect(result).toEqual({ kind: 'exit', exitCode: 0 });
  return text;
}

/** The lines of one `Heading:` block of commander's help, up to the next blank line. */
function helpBlock(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${heading}:`);
  if (start === -1) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

const flagsIn = (text: string): string[] => [...text.matchAll(/(?<![\w-])--?[a-z][\w-]*/g)].map((match) => match[0]);
const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** Flags of the help's Options block: each option line starts with two spaces and a dash. */
function helpFlags(text: string): string[] {
  return sorted(helpBlock(text, 'Options').flatMap((line) => (/^ {2}-/.test(line) ? flagsIn(line.trim().split(/ {2,}/)[0]!) : [])));
}

function helpCommands(): string[] {
  return sorted(helpBlock(help(['--help']), 'Commands').flatMap((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1] ?? []).filter((name) => name !== 'help'));
}

/** The `### \`safe-requests <command> …\`` sections of docs/cli.md, by command. */
function docSections(): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of CLI_DOC.split(/^(?=#{2,3} )/m)) {
    const name = /^### `safe-requests ([a-z][\w-]*)/.exec(part)?.[1];
    if (name) sections.set(name, part);
  }
  return sections;
}

/** Rows of the Options table: the flags in the first cell, and the commands a leading "`a`, `b`:" names. */
function optionRows(): { flags: string[]; scope: string[] }[] {
  const options = CLI_DOC.slice(CLI_DOC.indexOf('\n## Options\n'));
  return options
    .slice(0, options.indexOf('\n#', 1))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [, option = '', meaning = ''] = line.split(/ \| |^\| /);
      const scopeText = /^((?:`[\w-]+`(?:, )?)+):/.exec(meaning)?.[1];
      return { flags: flagsIn(option.replace(/\[[^\]]*\]/g, '')), scope: scopeText ? [...scopeText.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!) : CODEMOD_COMMANDS };
    });
}

function documentedFlags(command: string): string[] {
  const fromTable = optionRows().flatMap((row) => (row.scope.includes(command) ? row.flags : []));
  const section = docSections().get(command) ?? '';
  const fromSection = [...section.matchAll(/`([^`]*)`/g)].flatMap((match) => (match[1]!.startsWith('-') ? flagsIn(match[1]!) : []));
  return sorted([...fromTable, ...fromSection]);
}

describe('safe-requests --help and docs/cli.md', () => {
  it('list the same commands', () => {
    expect(helpCommands()).toEqual(sorted(docSections().keys()));
  });

  it('list the same flags for safe-requests itself', () => {
    expect(helpFlags(help(['--help']))).toEqual(documentedFlags(PROGRAM));
  });

  // A command outside the three documents its flags in its own section, or in rows that name it.
  it.each(helpCommands())('list the same flags for %s', (command) => {
    expect(helpFlags(help([command, '--help']))).toEqual(documentedFlags(command));
  });

  it("README's flag table names only flags the CLI has", () => {
    const readmeTable = README.slice(README.indexOf('| flag | meaning |'));
    const rows = readmeTable.slice(0, readmeTable.indexOf('\n\n')).split('\n').slice(2);
    const known = new Set([...helpFlags(help(['--help'])), ...CODEMOD_COMMANDS.flatMap((command) => helpFlags(help([command, '--help'])))]);
    const named = sorted(rows.flatMap((row) => flagsIn(row.split(' | ')[0]!.replace(/\[[^\]]*\]/g, ''))));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((flag) => !known.has(flag))).toEqual([]);
  });
});

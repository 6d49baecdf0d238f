import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_FALLBACKS } from '../../src/analysis/env-access';
import { envEndpoints } from '../../transforms/env-endpoints';

/**
 * A strict TypeScript project (fixtures/env-endpoints-typecheck) type-checks with zero
 * diagnostics before the transform and after it, with every fallback, with and without
 * `noPropertyAccessFromIndexSignature`.
 */

const PROJECT = join(__dirname, 'fixtures', 'env-endpoints-typecheck');
const TYPE_ROOTS = resolve(__dirname, '../../node_modules/@types');

// @types/node is large; every program shares its parsed files.
const libCache = new Map<string, ts.SourceFile | undefined>();

function loadProject(dir: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  expect(parsed.errors).toEqual([]);
  return parsed;
}

/** Diagnostics of the project with `overrides` (absolute path → text) in place of the files on disk. */
function typeCheck(project: ts.ParsedCommandLine, overrides: ReadonlyMap<string, string> = new Map()): string[] {
  const host = ts.createCompilerHost(project.options);
  const { getSourceFile, readFile } = host;
  host.readFile = (fileName) => overrides.get(resolve(fileName)) ?? readFile(fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = overrides.get(resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    if (project.fileNames.includes(fileName)) return getSourceFile(fileName, languageVersion, ...rest);
    const key = `${fileName}:${JSON.stringify(languageVersion)}`;
    if (!libCache.has(key)) libCache.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return libCache.get(key);
  };
  const program = ts.createProgram(project.fileNames, project.options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start!).line + 1} ` : '';
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

function transformProject(project: ts.ParsedCommandLine, options: Record<string, unknown> = {}): { outputs: Map<string, string>; changes: number } {
  const outputs = new Map<string, string>();
  let changes = 0;
  for (const fileName of project.fileNames) {
    const outcome = envEndpoints.run(readFileSync(fileName, 'utf8'), fileName, options);
    changes += outcome.changes;
    if (outcome.output !== null) outputs.set(resolve(fileName), outcome.output);
  }
  return { outputs, changes };
}

describe('a strict project with noPropertyAccessFromIndexSignature (from its own tsconfig)', () => {
  const project = loadProject(PROJECT);

  it('is the project we think it is', () => {
    expect(project.options.strict).toBe(true);
    expect(project.options.noPropertyAccessFromIndexSignature).toBe(true);
    expect(project.options.typeRoots).toEqual([TYPE_ROOTS]);
    expect(project.fileNames).toHaveLength(4);
  });

  it('type-checks before the transform', () => {
    expect(typeCheck(project)).toEqual([]);
  });

  it.each(ENV_FALLBACKS)("type-checks after the transform with fallback '%s'", (fallback) => {
    const { outputs, changes } = transformProject(project, { fallback });
    expect(outputs.size).toBe(4);
    expect(changes).toBe(6);
    expect([...outputs.values()].join('\n')).toContain("process.env['MODEL_SERVING_ENDPOINT']");
    expect(typeCheck(project, outputs)).toEqual([]);
  });

  it('would not type-check with dotted reads, which is why they are bracketed (guards the checker)', () => {
    const { outputs } = transformProject(project);
    const dotted = new Map([...outputs].map(([file, text]) => [file, text.replace(/process\.env\['(\w+)'\]/g, 'process.env.$1')]));
    expect(typeCheck(project, dotted)).toEqual(
      expect.arrayContaining([expect.stringMatching(/predict\.ts:1 TS4111 Property 'MODEL_SERVING_ENDPOINT' comes from an index signature/)]),
    );
  });
});

describe('the same project with the common strict options only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safe-requests-typecheck-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(PROJECT, dir, { recursive: true });
  const base = JSON.parse(readFileSync(join(dir, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  base.compilerOptions.typeRoots = [TYPE_ROOTS];
  writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify(base));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }));
  const project = loadProject(dir);

  it.each(ENV_FALLBACKS)("type-checks before and after the transform with fallback '%s', reading process.env.NAME", (fallback) => {
    expect(project.options.noPropertyAccessFromIndexSignature).toBeUndefined();
    expect(typeCheck(project)).toEqual([]);
    const { outputs, changes } = transformProject(project, { fallback });
    expect(changes).toBe(6);
    expect([...outputs.values()].join('\n')).toContain('process.env.MODEL_SERVING_ENDPOINT');
    expect(typeCheck(project, outputs)).toEqual([]);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import {
  inlineRuntimeHelperNames,
  renderInlineRuntimeHelper,
  renderRuntimeHelper,
  RUNTIME_HELPER_BASENAME,
  RUNTIME_HELPER_EXPORTS,
  RUNTIME_HELPER_HEADER,
  RUNTIME_HELPER_HEALTH_EXPORTS,
  RUNTIME_HELPER_HOOK_EXPORTS,
} from '../../src/runtime/runtime-helper';

// The oldest target the helper supports: nothing newer than ES2017 (no flatMap, Object.fromEntries…).
const BROWSER_LIBS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2017, lib: ['lib.es2017.d.ts', 'lib.dom.d.ts'], types: [] };

// What users' tsconfigs add on top of `strict`; the generated file must pass them all.
const PICKY: ts.CompilerOptions = {
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  exactOptionalPropertyTypes: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  isolatedDeclarations: true,
  declaration: true,
  emitDeclarationOnly: true,
};

/** A drop-in use as the codemod writes it, checked against the helper's declarations. */
const USAGE = `
async function predict(url: string, init: RequestInit): Promise<unknown> {
  const res: Response = await withRetry(() => fetch(url, init), { method: 'POST', endpoint: url, signal: init.signal });
  const other = await withRetry((attempt) => Promise.resolve(attempt.number * 2));
  logRequestFailure(new Error('x'), { method: 'GET', endpoint: new URL(url), attempt: 1, attempts: 3, retryInMs: other });
  return res.ok ? res.json() : undefined;
}
declare const untypedClient: any;
declare function thenable(): { then<A, B>(ok?: (value: { body: string }) => A, fail?: (error: unknown) => B): PromiseLike<A | B> };
// The callee's result type is kept: an untyped client stays any (not unknown), a thenable gives its value.
async function keepsResultTypes(): Promise<string> {
  const untyped = await withRetry(() => untypedClient.get('/'));
  const body: string = (await withRetry(() => thenable())).body;
  return untyped.anything + body;
}
`;

// lib.dom.d.ts and @types/node take a second to parse; share them between programs.
const libCache = new Map<string, ts.SourceFile | undefined>();

/** Type-checks in-memory files against the real lib files; returns formatted diagnostics. */
function typeCheck(files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: !options.emitDeclarationOnly,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.resolve(name), text]));
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = virtual.get(path.resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const key = `${fileName}:${JSON.stringify(languageVersion)}`;
    if (!libCache.has(key)) libCache.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return libCache.get(key);
  };
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists(fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName)) ?? readFile(fileName);
  host.writeFile = () => undefined;
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function syntaxErrors(code: string, fileName: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, { fileName, reportDiagnostics: true });
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('TypeScript flavour', () => {
  it('the checker itself reports errors (guards the harness)', () => {
    const diagnostics = typeCheck({ 'bad.ts': 'export const n: number = process.env.X;' }, BROWSER_LIBS);
    expect(diagnostics).toEqual([expect.stringContaining("Cannot find name 'process'")]);
    expect(typeCheck({ 'new.ts': 'export const flat = [[1]].flatMap((a: number[]) => a);' }, BROWSER_LIBS)).toEqual([expect.stringContaining("Property 'flatMap' does not exist")]);
  });

  const helper = renderRuntimeHelper('ts');
  const moduleUser = `import { withRetry, logRequestFailure } from './${RUNTIME_HELPER_BASENAME}';\n${USAGE}\nexport { predict, keepsResultTypes };\n`;

  it('type-checks under strict with target ES2017, lib es2017 + dom and no @types/node', () => {
    expect(typeCheck({ [`${RUNTIME_HELPER_BASENAME}.ts`]: helper }, BROWSER_LIBS)).toEqual([]);
  });

  it('type-checks a drop-in caller under the pickiest common options', () => {
    const files = { [`${RUNTIME_HELPER_BASENAME}.ts`]: helper, 'user.ts': moduleUser };
    expect(typeCheck(files, { ...BROWSER_LIBS, ...PICKY })).toEqual([]);
  });

  it('type-checks in Node projects: with @types/node, with or without the dom lib', () => {
    const files = { [`${RUNTIME_HELPER_BASENAME}.ts`]: helper, 'user.ts': moduleUser };
    expect(typeCheck(files, { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node'] })).toEqual([]);
    const nodeOnly = { [`${RUNTIME_HELPER_BASENAME}.ts`]: helper };
    expect(typeCheck(nodeOnly, { lib: ['lib.es2022.d.ts'], types: ['node'] })).toEqual([]);
  });

  it('checkEndpoint and waitForEndpoint type-check in a readiness probe under the pickiest options', () => {
    const probe = [
      `import { checkEndpoint, waitForEndpoint, type EndpointCheck } from './${RUNTIME_HELPER_BASENAME}';`,
      'export async function ready(url: string): Promise<boolean> {',
      "  const check: EndpointCheck = await checkEndpoint(url, { path: '/health', timeoutMs: 2000, signal: AbortSignal.timeout(3000) });",
      "  if (!check.ok) console.error(check.stage, check.code ?? 'HTTP ' + String(check.status), check.timings.tcp);",
      '  return (await waitForEndpoint(new URL(url), { waitMs: 30_000, healthyStatus: (status) => status < 500 })).ok && check.ok;',
      '}',
    ].join('\n');
    const files = { [`${RUNTIME_HELPER_BASENAME}.ts`]: helper, 'probe.ts': probe };
    expect(typeCheck(files, { ...BROWSER_LIBS, ...PICKY })).toEqual([]);
  });

  it("takes what safe-requests health passes and returns what it reads (src/cli/health/types.ts)", () => {
    const check = [
      `import type * as Helper from './${RUNTIME_HELPER_BASENAME}';`,
      "import type { CheckEndpoint } from './cli-types';",
      'export const fits: CheckEndpoint = null as unknown as typeof Helper.checkEndpoint;',
    ].join('\n');
    const cliTypes = fs.readFileSync(path.resolve(__dirname, '../../src/cli/health/types.ts'), 'utf8');
    const files = { [`${RUNTIME_HELPER_BASENAME}.ts`]: helper, 'cli-types.ts': cliTypes, 'check.ts': check };
    expect(typeCheck(files, BROWSER_LIBS)).toEqual([]);
    const drifted = { ...files, 'cli-types.ts': cliTypes.replace('readonly ok: boolean', 'readonly ok: string') };
    expect(typeCheck(drifted, BROWSER_LIBS).join('\n')).toContain("Type 'boolean' is not assignable to type 'string'");
  });

  it('inline: type-checks pasted into a module file (.ts and .tsx)', () => {
    const inline = renderInlineRuntimeHelper('ts');
    const file = `import { readFileSync } from 'node:fs';\n${inline}\n${USAGE}\nexport { predict, keepsResultTypes, readFileSync };\n`;
    expect(typeCheck({ 'user.ts': file }, { ...BROWSER_LIBS, types: ['node'], ...PICKY })).toEqual([]);
    expect(typeCheck({ 'user.tsx': file }, { ...BROWSER_LIBS, types: ['node'], jsx: ts.JsxEmit.ReactJSX })).toEqual([]);
  });
});

describe('tsconfig flavours: the helper file, a module importing it, and the inline copy', () => {
  const helper = renderRuntimeHelper('ts');
  const inline = renderInlineRuntimeHelper('ts');
  const user = (specifier: string) =>
    `import { withRetry, logRequestFailure, onRequestFailure } from '${specifier}';\n${USAGE}\nonRequestFailure((failure) => { console.error(failure.message, failure.attempts); });\nexport { predict, keepsResultTypes };\n`;
  const FLAVOURS: Array<[string, ts.CompilerOptions, Record<string, string>, string]> = [
    ['target ES2017, lib es2017 + dom', BROWSER_LIBS, {}, `./${RUNTIME_HELPER_BASENAME}`],
    ['strict with exactOptionalPropertyTypes and the other picky options', { ...BROWSER_LIBS, ...PICKY }, {}, `./${RUNTIME_HELPER_BASENAME}`],
    ['module nodenext in an ES module package', { ...BROWSER_LIBS, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, { 'package.json': '{ "type": "module" }' }, `./${RUNTIME_HELPER_BASENAME}.js`],
    ['module nodenext in a CommonJS package', { ...BROWSER_LIBS, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, { 'package.json': '{}' }, `./${RUNTIME_HELPER_BASENAME}.js`],
    ['verbatimModuleSyntax', { ...BROWSER_LIBS, verbatimModuleSyntax: true }, {}, `./${RUNTIME_HELPER_BASENAME}`],
    ['module CommonJS', { ...BROWSER_LIBS, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true }, {}, `./${RUNTIME_HELPER_BASENAME}`],
  ];

  it.each(FLAVOURS)('%s', (_name, options, extra, specifier) => {
    const files = { ...extra, [`${RUNTIME_HELPER_BASENAME}.ts`]: helper, 'user.ts': user(specifier), 'pasted.ts': `${inline}\n${USAGE}\nexport { predict, keepsResultTypes };\n` };
    expect(typeCheck(files, options)).toEqual([]);
  });

  it('cts: a CommonJS package under module nodenext and verbatimModuleSyntax (export =, import = require)', () => {
    // isolatedDeclarations would need every value in `export = {…}` annotated; no CommonJS code base is written so.
    const options = { ...BROWSER_LIBS, ...PICKY, isolatedDeclarations: false, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
    const commonJsUser = `import safeRequestsRuntime = require('./${RUNTIME_HELPER_BASENAME}.js');\nconst { withRetry, logRequestFailure, onRequestFailure } = safeRequestsRuntime;\n${USAGE}\nonRequestFailure(undefined);\nexport = { predict, keepsResultTypes };\n`;
    const files = { 'package.json': '{}', [`${RUNTIME_HELPER_BASENAME}.ts`]: renderRuntimeHelper('cts'), 'user.ts': commonJsUser };
    expect(typeCheck(files, options)).toEqual([]);
    // The ES module form is what this package cannot take (TS1287 in the helper, TS1295 in the user).
    expect(typeCheck({ ...files, [`${RUNTIME_HELPER_BASENAME}.ts`]: helper }, options).join('\n')).toContain("A top-level 'export' modifier cannot be used on value declarations");
  });
});

describe('typescript-eslint strictTypeChecked', () => {
  it('reports nothing in the helper file or the inline copy', async () => {
    const { ESLint } = await import('eslint');
    const { default: tseslint } = await import('typescript-eslint');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-requests-lint-'));
    try {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2017', lib: ['es2017', 'dom'], types: [], strict: true, noEmit: true }, include: ['*.ts'] }));
      fs.writeFileSync(path.join(dir, `${RUNTIME_HELPER_BASENAME}.ts`), renderRuntimeHelper('ts'));
      fs.writeFileSync(path.join(dir, 'pasted.ts'), `${renderInlineRuntimeHelper('ts')}\nexport { withRetry, logRequestFailure };\n`);
      // Guards the harness: the config is on.
      fs.writeFileSync(path.join(dir, 'guard.ts'), "export const label = 'attempt ' + 1;\n");
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [...tseslint.configs.strictTypeChecked, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } } }] as never,
      });
      const results = await eslint.lintFiles(['*.ts']);
      const messages = results.flatMap((result) => result.messages.map((m) => `${path.basename(result.filePath)}:${m.line} ${m.ruleId}`));
      expect(messages).toEqual(['guard.ts:1 @typescript-eslint/restrict-plus-operands']);
      expect(results).toHaveLength(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('JavaScript flavours', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-requests-types-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['esm', 'cjs'] as const)('%s parses, needs no helpers and exports exactly the API', async (flavour) => {
    const code = renderRuntimeHelper(flavour);
    const file = path.join(dir, `${RUNTIME_HELPER_BASENAME}.${flavour === 'esm' ? 'mjs' : 'cjs'}`);
    expect(syntaxErrors(code, file)).toEqual([]);
    expect(code).not.toMatch(/\b(?:__awaiter|__rest|__assign|tslib|require\()/);
    fs.writeFileSync(file, code);
    const loaded = flavour === 'esm' ? await import(pathToFileURL(file).href) : createRequire(file)(file);
    expect(Object.keys(loaded).sort()).toEqual([...RUNTIME_HELPER_EXPORTS, ...RUNTIME_HELPER_HOOK_EXPORTS, ...RUNTIME_HELPER_HEALTH_EXPORTS].sort());
  });

  it.each(['esm', 'cjs'] as const)('%s inline is plain script code declaring the API', (flavour) => {
    const code = renderInlineRuntimeHelper(flavour);
    expect(syntaxErrors(code, 'inline.js')).toEqual([]);
    expect(code).not.toMatch(/^\s*(?:export|import)\b|\bexports\b|\bmodule\.|require\(/m);
    const api = new Function(`${code}\nreturn { withRetry, logRequestFailure };`)() as Record<string, unknown>;
    expect(Object.values(api).map((value) => typeof value)).toEqual(['function', 'function']);
  });
});

describe('rendering', () => {
  it.each(['ts', 'esm', 'cjs'] as const)('%s starts with the generated header and the version', (flavour) => {
    const packageVersion = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const code of [renderRuntimeHelper(flavour), renderInlineRuntimeHelper(flavour)]) {
      const [first, second] = code.split('\n');
      expect(first).toBe('// @generated by eslint-plugin-safe-requests. Do not edit: re-run the codemod to update.');
      expect(first).toBe(RUNTIME_HELPER_HEADER);
      expect(second).toContain(`eslint-plugin-safe-requests@${packageVersion}`);
    }
    expect(renderRuntimeHelper(flavour, { version: '9.8.7' }).split('\n')[1]).toContain('eslint-plugin-safe-requests@9.8.7');
    expect(renderRuntimeHelper(flavour)).toBe(renderRuntimeHelper(flavour));
  });

  it('keeps the layout readable: blank lines between functions, two-space indents, the env comment', () => {
    for (const flavour of ['esm', 'cjs'] as const) {
      const code = renderRuntimeHelper(flavour);
      expect(code).toMatch(/\n\nasync function withRetry|\n\nexport async function withRetry/);
      expect(code).toMatch(/\n {2}const attempts = /);
      expect(code).not.toMatch(/^ {4}const attempts/m);
      expect(code).toContain('SAFE_REQUESTS_MAX_DELAY_MS=n');
    }
  });

  it('lists every top-level name the inline helper adds to a file', () => {
    const names = inlineRuntimeHelperNames();
    expect(names).toEqual(expect.arrayContaining([...RUNTIME_HELPER_EXPORTS, 'RetryOptions', 'sleep', 'readEnv']));
    const declared = [...renderInlineRuntimeHelper('esm').matchAll(/^(?:async )?(?:function|const) (\w+)/gm)].map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining(declared));
  });
});

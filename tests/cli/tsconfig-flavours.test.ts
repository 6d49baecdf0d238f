import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli, type ProjectFiles } from './helpers';

// `fix` on one small project per tsconfig flavour users have: tsc reports nothing before and
// nothing after, and a second run finds nothing left to change.

const NODE_TYPES = resolve(__dirname, '../../node_modules/@types');

const CLIENT = `export async function predict(input: string): Promise<unknown> {
  const response = await fetch('https://model-serving.example.com/predict', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
  });
  return response.json();
}
`;

// Narrowed in the loop, reassigned in it: the retry's closure must not see \`string | undefined\`.
const CRAWL = `export async function crawl(start: string | undefined): Promise<number> {
  let url = start;
  let pages = 0;
  while (url) {
    const response = await fetch(url);
    const body = (await response.json()) as { next?: string };
    url = body.next;
    pages++;
  }
  return pages;
}

declare const untyped: { get(url: string): any };

// An untyped client's result stays any through the retry (not unknown: TS18046).
export async function name(url: string): Promise<string> {
  const response = await untyped.get(url);
  return response.name;
}
`;

const UTIL = 'export const version = 1;\n';

const PAGE = (specifier: string): string => `import { version } from '${specifier}';

export async function load(id: string): Promise<unknown> {
  const response = await fetch(\`https://catalog.example.com/items/\${id}?v=\${version}\`);
  return response.json();
}
`;

/** The same modules written as CommonJS TypeScript under verbatimModuleSyntax: `export =` and `import = require`. */
function commonJs(source: string): string {
  const names = [...source.matchAll(/^export (?:async function|const) (\w+)/gm)].map((match) => match[1]);
  return `${source.replace(/^export (async function|const) /gm, '$1 ').replace(/^import \{ version \} from ('[^']+');/m, 'import util = require($1);').replace('${version}', '${util.version}')}export = { ${names.join(', ')} };\n`;
}

interface Flavour {
  readonly name: string;
  readonly type?: 'module' | 'commonjs';
  readonly compilerOptions: Record<string, unknown>;
  readonly aliasExtension?: string;
  readonly cjs?: boolean;
  readonly dir?: string;
}

const FLAVOURS: readonly Flavour[] = [
  { name: 'target ES2017 with lib es2017 + dom', compilerOptions: { target: 'ES2017', lib: ['es2017', 'dom'], module: 'esnext', moduleResolution: 'bundler' } },
  {
    name: 'strictest (exactOptionalPropertyTypes, noUncheckedIndexedAccess, noImplicitReturns)',
    compilerOptions: {
      target: 'ES2022',
      lib: ['es2022', 'dom'],
      module: 'esnext',
      moduleResolution: 'bundler',
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitReturns: true,
      noPropertyAccessFromIndexSignature: true,
      noUnusedLocals: true,
    },
  },
  { name: 'NodeNext ESM', type: 'module', compilerOptions: { target: 'ES2022', lib: ['es2022', 'dom'], module: 'nodenext' }, aliasExtension: '.js' },
  {
    name: 'NodeNext CommonJS under verbatimModuleSyntax',
    type: 'commonjs',
    compilerOptions: { target: 'ES2022', lib: ['es2022', 'dom'], module: 'nodenext', verbatimModuleSyntax: true },
    aliasExtension: '.js',
    cjs: true,
  },
  { name: 'CommonJS', compilerOptions: { target: 'ES2020', lib: ['es2020', 'dom'], module: 'commonjs', moduleResolution: 'node', esModuleInterop: true } },
  {
    name: 'rootDir lib',
    compilerOptions: { target: 'ES2022', lib: ['es2022', 'dom'], module: 'esnext', moduleResolution: 'bundler', rootDir: 'lib', outDir: 'dist' },
    dir: 'lib',
  },
];

function projectFiles(flavour: Flavour): ProjectFiles {
  const dir = flavour.dir ?? 'src';
  const module = (source: string): string => (flavour.cjs ? commonJs(source) : source);
  const tsconfig = {
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, typeRoots: [NODE_TYPES], types: ['node'], baseUrl: '.', paths: { '@/*': [`./${dir}/*`] }, ...flavour.compilerOptions },
    include: [dir],
  };
  return {
    'package.json': JSON.stringify({ name: 'flavour', private: true, ...(flavour.type ? { type: flavour.type } : {}) }),
    'tsconfig.json': JSON.stringify(tsconfig, null, 2),
    [`${dir}/client.ts`]: module(CLIENT),
    [`${dir}/crawl.ts`]: module(CRAWL),
    [`${dir}/lib/util.ts`]: module(UTIL),
    [`${dir}/features/deep/page.ts`]: module(PAGE(`@/lib/util${flavour.aliasExtension ?? ''}`)),
  };
}

function diagnostics(projectDir: string): string[] {
  const configPath = join(projectDir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectDir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.slice(projectDir.length + 1)}:${line + 1}:${character + 1} ${message}`;
  });
}

describe.each(FLAVOURS)('fix on a TypeScript project: $name', (flavour) => {
  it('adds no diagnostics, imports the helper the way the project imports, and settles in one run', () => {
    const project = makeProject(projectFiles(flavour));
    const dir = flavour.dir ?? 'src';
    expect(diagnostics(project)).toEqual([]);
    const fix = runCli(project, ['fix', '.']);
    expect(fix.stderr).toBe('');
    expect(fix.code).toBe(0);
    expect(diagnostics(project)).toEqual([]);

    // One helper, where the tsconfig compiles it.
    const helperPath = join(project, dir, 'safe-requests-runtime.ts');
    expect(existsSync(helperPath)).toBe(true);
    expect(existsSync(join(project, 'safe-requests-runtime.ts'))).toBe(false);
    const page = readFileSync(join(project, dir, 'features/deep/page.ts'), 'utf8');
    const specifier = `'@/safe-requests-runtime${flavour.aliasExtension ?? ''}'`;
    if (flavour.cjs) {
      expect(page).toContain(`import safeRequestsRuntime = require(${specifier});\nconst { withRetry, logRequestFailure } = safeRequestsRuntime;\n`);
      expect(readFileSync(helperPath, 'utf8')).toContain('\nexport = { withRetry, logRequestFailure, onRequestFailure, checkEndpoint, waitForEndpoint };\n');
    } else {
      expect(page).toContain(`import { withRetry, logRequestFailure } from ${specifier};\n`);
    }
    expect(readFileSync(join(project, dir, 'crawl.ts'), 'utf8')).toContain('    const currentUrl = url;\n');
    expect(dirname(helperPath)).toBe(join(project, dir));

    expect(runCli(project, ['check', '.']).code).toBe(0);
  });
});

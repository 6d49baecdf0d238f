import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtDir, repoRoot, SEED_CLIENT } from './built-package';

/**
 * The packed package installed from its tarball into fresh projects, next to whatever TypeScript
 * the project has: none, 5.x, 6.x or 7.x (7 has no JavaScript compiler API, and anything that
 * loads typescript-estree crashes on it). Each project lints a file through the recommended config
 * with `npx eslint` and lists its requests with `npx safe-requests list`.
 */
// Registry installs: minutes on a cold npm cache, seconds on a warm one.
const INSTALL_TIMEOUT_MS = 600_000;

const FLAVOURS = [
  { name: 'no TypeScript', eslint: 'eslint@10', typescript: undefined },
  // ESLint 9 here so that both supported majors meet a real install.
  { name: 'TypeScript 5', eslint: 'eslint@9', typescript: 5 },
  { name: 'TypeScript 6', eslint: 'eslint@10', typescript: 6 },
  { name: 'TypeScript 7', eslint: 'eslint@10', typescript: 7 },
] as const;

const ESLINT_CONFIG = `import safeRequests from 'eslint-plugin-safe-requests';

export default [...safeRequests.configs.recommended];
`;

const scratch = mkdtempSync(join(tmpdir(), 'safe-requests-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// An ES module shared with `npm run footprint`; this file is CommonJS, so it is imported dynamically.
let scratchProject: typeof import('../../scripts/lib/scratch-project.mjs', { with: { 'resolution-mode': 'import' } });
let tarballFiles: string[] = [];
/** Each flavour's install, settled: one failing install fails that flavour's tests only, with npm's output. */
const installs = new Map<string, Promise<string>>();

beforeAll(async () => {
  builtDir();
  scratchProject = await import('../../scripts/lib/scratch-project.mjs');
  const tarball = await scratchProject.packTarball(repoRoot, scratch);
  tarballFiles = tarball.files;
  for (const flavour of FLAVOURS) {
    const dir = join(scratch, flavour.name.replace(/\W+/g, '-'));
    const packages = [flavour.eslint, tarball.path, ...(flavour.typescript ? [`typescript@${flavour.typescript}`] : [])];
    const install = scratchProject.installProject(dir, packages).then(() => {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'client.js'), SEED_CLIENT);
      // Same code in a test file: the configs leave test files alone.
      writeFileSync(join(dir, 'src', 'client.test.js'), SEED_CLIENT);
      writeFileSync(join(dir, 'eslint.config.js'), ESLINT_CONFIG);
      return dir;
    });
    install.catch(() => undefined);
    installs.set(flavour.name, install);
  }
  // The oldest TypeScript still pinned in the wild (Next.js 13 templates): the generated helper must compile there too.
  const oldest = scratchProject.installProject(join(scratch, 'typescript-4.9'), [`typescript@${OLDEST_TYPESCRIPT}`]).then(() => join(scratch, 'typescript-4.9'));
  oldest.catch(() => undefined);
  installs.set('oldest TypeScript', oldest);
  await Promise.allSettled(installs.values());
}, INSTALL_TIMEOUT_MS);

const OLDEST_TYPESCRIPT = '4.9';

function npx(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--no-install', ...args], { cwd, env: scratchProject.npmEnvironment(), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the tarball', () => {
  it('holds the built code, the user docs, the report schemas and the licence; no sources, tests or maintainer docs', () => {
    const outsideDist = tarballFiles.filter((path) => !path.startsWith('dist/'));
    expect(outsideDist).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'docs/ci.md',
      'docs/cli.md',
      'docs/health.md',
      'docs/rules/no-hardcoded-endpoint.md',
      'docs/rules/require-error-handling.md',
      'docs/rules/require-retry.md',
      'docs/rules/require-timeout.md',
      'docs/transforms/env-endpoints.md',
      'docs/transforms/retry-requests.md',
      'docs/transforms/timeouts.md',
      'package.json',
      'src/cli/health/health-report.schema.json',
      'src/cli/report.schema.json',
    ]);
    expect(tarballFiles).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/bin.js', 'dist/transforms/env-endpoints.js', 'dist/transforms/retry-requests.js', 'dist/transforms/timeouts.js']));
    expect(tarballFiles.filter((path) => path.startsWith('dist/tests/'))).toEqual([]);
    // The CLI runs from its bundle (scripts/bundle-cli.mjs), loaded by load-cli.js; its separate modules stay out of the package.
    expect(tarballFiles.filter((path) => path.startsWith('dist/src/cli/')).sort()).toEqual([
      'dist/src/cli/bin.js',
      'dist/src/cli/cli.js',
      'dist/src/cli/load-cli.js',
      'dist/src/cli/worker.js',
    ]);
  });
});

describe.each(FLAVOURS)('installed in a project with $name', (flavour) => {
  const project = (): Promise<string> => installs.get(flavour.name)!;

  it(flavour.typescript ? `has TypeScript ${flavour.typescript}.x installed` : 'has no TypeScript installed, not even through our dependencies', async () => {
    const dir = await project();
    const manifest = join(dir, 'node_modules', 'typescript', 'package.json');
    if (flavour.typescript === undefined) {
      expect(existsSync(manifest)).toBe(false);
    } else {
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      expect(version.split('.')[0]).toBe(String(flavour.typescript));
    }
  });

  it('npx eslint reports the request through the recommended config, and nothing in the test file', async () => {
    const dir = await project();
    const { status, stdout, stderr } = npx(dir, ['eslint', '--format', 'json', '.']);
    // Exit 1: problems found. 2 would be a crash or a config error.
    expect(status, stderr).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; severity: number; message: string }[] }[];
    const problems = Object.fromEntries(
      results.map((result) => [result.filePath.slice(dir.length + 1), result.messages.map(({ ruleId, line, severity }) => ({ ruleId, line, severity }))]),
    );
    expect(problems).toEqual({
      'eslint.config.js': [],
      'src/client.js': [
        { ruleId: 'safe-requests/require-error-handling', line: 2, severity: 2 },
        { ruleId: 'safe-requests/require-timeout', line: 2, severity: 2 },
        { ruleId: 'safe-requests/no-hardcoded-endpoint', line: 2, severity: 1 },
      ],
      'src/client.test.js': [],
    });
  });

  it('npx safe-requests list prints the request and exits 0', async () => {
    const dir = await project();
    const { status, stdout, stderr } = npx(dir, ['safe-requests', 'list']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^LOCATION +CLIENT +METHOD +HANDLED +RETRIED +ENV NAME +REVIEW$/m);
    expect(stdout).toMatch(/^src\/client\.js:2:26 +fetch +POST +no \(escapes\) +no +MODEL_SERVING_ENDPOINT +-$/m);
    expect(stdout).not.toContain('client.test.js');
  });
});

describe('installed without TypeScript', () => {
  it('exports the report schema', async () => {
    const dir = await installs.get('no TypeScript')!;
    const { status, stdout, stderr } = spawnSync(
      'node',
      ['--input-type=module', '-e', "import s from 'eslint-plugin-safe-requests/report.schema.json' with { type: 'json' }; console.log(s.title)"],
      { cwd: dir, encoding: 'utf8' },
    );
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: 'safe-requests --format json report (version 1)\n', stderr: '' });
  });

  it('exports the health report schema', async () => {
    const dir = await installs.get('no TypeScript')!;
    const { status, stdout, stderr } = spawnSync(
      'node',
      ['--input-type=module', '-e', "import s from 'eslint-plugin-safe-requests/health-report.schema.json' with { type: 'json' }; console.log(s.title)"],
      { cwd: dir, encoding: 'utf8' },
    );
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: 'safe-requests health --format json report (version 1)\n', stderr: '' });
  });
});

describe(`the generated TypeScript helper under TypeScript ${OLDEST_TYPESCRIPT}`, () => {
  it.each(['ts', 'cts'] as const)('%s flavour: strict, target ES2017, lib es2017 + dom, no @types/node: no diagnostics', async (flavour) => {
    const dir = await installs.get('oldest TypeScript')!;
    const { renderRuntimeHelper } = (await import(join(builtDir(), 'src', 'runtime', 'runtime-helper.js'))) as typeof import('../../src/runtime/runtime-helper');
    const project = join(dir, flavour);
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'safe-requests-runtime.ts'), renderRuntimeHelper(flavour));
    const compilerOptions = { strict: true, noEmit: true, target: 'es2017', lib: ['es2017', 'dom'], types: [], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, module: 'commonjs' };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['safe-requests-runtime.ts'] }));
    const { status, stdout, stderr } = npx(dir, ['tsc', '-p', project]);
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { afterAll } from 'vitest';

/** End-to-end helpers: temporary projects (git or not) and the built CLI run as users run it. */

export const BIN = resolve(__dirname, '../../dist/src/cli/bin.js');

/** The seed's bug: a hardcoded endpoint, a POST, no error handling. */
export const SEED_CLIENT = [
  "const response = await fetch('https://model-serving.example.com/predict', {",
  "  method: 'POST',",
  "  headers: { 'content-type': 'application/json' },",
  "  body: JSON.stringify({ input: 'data' }),",
  '});',
  'console.log(await response.json());',
  '',
].join('\n');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does it in pretest)`);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export type ProjectFiles = Record<string, string | Buffer>;

/** A folder in the OS temp dir with these files; a git repository on branch main with one commit unless `git: false`. */
export function makeProject(files: ProjectFiles, options: { git?: boolean; commit?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'safe-requests-cli-'));
  created.push(dir);
  writeFiles(dir, files);
  if (options.git !== false) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'safe-requests tests');
    git(dir, 'config', 'user.email', 'tests@example.com');
    git(dir, 'config', 'core.autocrlf', 'false');
    if (options.commit !== false) commitAll(dir, 'initial');
  }
  return dir;
}

export function writeFiles(dir: string, files: ProjectFiles): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function git(dir: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export function readJson<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * ajv without network: `uri` formats are checked with the WHATWG URL parser. `strictRequired` is
 * off because SARIF's schema says "text or id" as `anyOf: [{ required: ['text'] }, …]`.
 */
export function compileSchema(schemaPath: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///'));
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

export const REPORT_SCHEMA = resolve(__dirname, '../../src/cli/report.schema.json');
export const SARIF_SCHEMA = resolve(__dirname, 'sarif-2.1.0.subset.schema.json');

import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { readHelperStamp, renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { commitAll, makeProject, runCli, SEED_CLIENT } from './helpers';

// A project that keeps its files formatted with its own prettier (here the repository's, linked
// into the project's node_modules as an install would put it).
const PRETTIERRC = '{ "semi": false, "singleQuote": true, "printWidth": 100 }\n';
const OPTIONS = { semi: false, singleQuote: true, printWidth: 100 };

const CLIENT = [
  'export async function predict(base, input) {',
  '  const response = await fetch(`${base}/predict`, {',
  "    method: 'POST',",
  '    body: JSON.stringify({ input }),',
  '  })',
  '  return response.json()',
  '}',
  '',
  'export function ping(base) {',
  "  fetch(`${base}/health`).then((response) => console.log('health', response.status))",
  '}',
  '',
].join('\n');

// Not formatted: double quotes and a long line the project's prettier would change.
const UNFORMATTED = [
  'export async function status(base) {',
  '  const response = await fetch(`${base}/status`, { headers: { accept: "application/json", "x-client": "status-page" } })',
  '  return response.status',
  '}',
  '',
].join('\n');

async function prettierProject(files: Record<string, string>, prettierrc = PRETTIERRC): Promise<string> {
  const dir = makeProject({ 'package.json': '{"name":"x","type":"module"}\n', '.prettierrc': prettierrc, ...files }, { commit: false });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve(__dirname, '../../node_modules/prettier'), join(dir, 'node_modules/prettier'), 'dir');
  commitAll(dir, 'initial');
  return dir;
}

const passes = (text: string, file: string) => prettier.check(text, { ...OPTIONS, filepath: file });

describe("fix keeps a prettier project's files formatted", () => {
  it('formats a file that passed prettier --check, so it passes after; a second run changes nothing', async () => {
    const client = await prettier.format(CLIENT, { ...OPTIONS, filepath: 'client.js' });
    const seed = await prettier.format(SEED_CLIENT, { ...OPTIONS, filepath: 'seed.js' });
    expect(await passes(client, 'client.js')).toBe(true);
    const dir = await prettierProject({ 'src/client.js': client, 'src/seed.js': seed });
    const result = runCli(dir, ['fix', '--transforms', 'retry-requests']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The generated helper too, and it still reads as untouched: the second run below leaves it.
    for (const file of ['src/client.js', 'src/seed.js', 'src/safe-requests-runtime.mjs']) {
      const output = readFileSync(join(dir, file), 'utf8');
      expect(output).toMatch(/withRetry\(|function withRetry/);
      expect(await passes(output, file)).toBe(true);
    }
    const output = readFileSync(join(dir, 'src/client.js'), 'utf8');
    // prettier's line breaks, which the codemod alone never writes.
    expect(output).toContain('withRetry(\n    (attempt) =>\n');
    expect(output).toContain('export function ping(base) {\n');
    expect(output).not.toMatch(/;$/m);
    const helper = readFileSync(join(dir, 'src/safe-requests-runtime.mjs'), 'utf8');
    expect(helper).not.toBe(renderRuntimeHelper('esm'));
    expect(readHelperStamp(helper)?.intact).toBe(true);
    commitAll(dir, 'fixed');
    const again = runCli(dir, ['check', '--transforms', 'retry-requests']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/helper/i);
  });

  it('does not reformat a file that did not pass before', async () => {
    const dir = await prettierProject({ 'src/status.js': UNFORMATTED });
    expect(await passes(UNFORMATTED, 'status.js')).toBe(false);
    expect(runCli(dir, ['fix', '--transforms', 'retry-requests']).code).toBe(0);
    const output = readFileSync(join(dir, 'src/status.js'), 'utf8');
    expect(output).toContain('{ headers: { accept: "application/json", "x-client": "status-page" } }');
    // The configured style still holds for what the codemod writes: no semicolons, single quotes.
    expect(output).toContain("import { withRetry, logRequestFailure } from './safe-requests-runtime.mjs'\n");
    expect(output).not.toMatch(/;$/m);
  });

  it('writes the unformatted output when the project\'s prettier cannot run (a plugin it cannot load)', async () => {
    const client = await prettier.format(CLIENT, { ...OPTIONS, filepath: 'client.js' });
    const dir = await prettierProject({ 'src/client.js': client }, '{ "semi": false, "singleQuote": true, "plugins": ["prettier-plugin-not-installed"] }\n');
    const result = runCli(dir, ['fix', '--transforms', 'retry-requests']);
    expect(result.code).toBe(0);
    const output = readFileSync(join(dir, 'src/client.js'), 'utf8');
    // As the codemod wrote it (prettier would have broken the withRetry call over lines), in the configured style.
    expect(output).toContain("  }), { method: 'POST' }).catch((error) => { logRequestFailure(error); throw error })\n");
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, read, readJson, runCli } from './helpers';

// The same output, byte for byte, whether one process or several worker threads did the work.

const load = (name: string, url: string) =>
  `export async function ${name}() {\n  const response = await fetch('${url}');\n  return response.json();\n}\n`;

/** Enough files for real interleaving, and URLs whose proposed names collide across files. */
function project(): string {
  const files: Record<string, string> = { 'package.json': '{"name":"many","type":"module"}\n' };
  for (let i = 0; i < 24; i++) {
    const url = i % 3 === 0 ? 'https://model-serving.example.com/predict' : i % 3 === 1 ? `https://model-serving.example.com/v${i}/embed` : `https://users.example.com/u${i}`;
    files[`src/part-${String(i).padStart(2, '0')}.js`] = load(`load${i}`, url);
  }
  files['src/plain.js'] = 'export const twice = (n) => n * 2;\n';
  return makeProject(files);
}

// Each test runs the CLI two or four times over 25 files.
const SLOW = { timeout: 120_000 };

describe('--workers', () => {
  it('check --format json is identical with 1 and 2 workers', SLOW, () => {
    const dir = project();
    const one = runCli(dir, ['check', '--format', 'json', '--workers', '1']);
    const two = runCli(dir, ['check', '--format', 'json', '--workers', '2']);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const report = readJson<{ envVariables: Array<{ name: string; path: string }> }>(one.stdout);
    // One origin, one name, in every file.
    const names = new Map<string, Set<string>>();
    for (const variable of report.envVariables) names.set(variable.name, (names.get(variable.name) ?? new Set()).add(variable.path));
    expect([...names].map(([name, paths]) => `${name} ${paths.size}`).sort()).toEqual(['MODEL_SERVING_BASE_URL 16', 'USERS_BASE_URL 8']);
  });

  it('list is identical too', SLOW, () => {
    const dir = project();
    const one = runCli(dir, ['list', '--format', 'json', '--workers', '1']);
    expect(one.code).toBe(0);
    expect(runCli(dir, ['list', '--format', 'json', '--workers', '2']).stdout).toBe(one.stdout);
  });

  it('fix writes the same bytes', SLOW, () => {
    const a = project();
    const b = project();
    const fixA = runCli(a, ['fix', '--workers', '1']);
    const fixB = runCli(b, ['fix', '--workers', '2']);
    expect(fixA.code).toBe(0);
    expect(fixB.stdout).toBe(fixA.stdout);
    const files = readdirSync(join(a, 'src')).sort();
    expect(readdirSync(join(b, 'src')).sort()).toEqual(files);
    for (const file of [...files.map((name) => `src/${name}`), '.env.example']) expect(read(b, file)).toBe(read(a, file));
  });
});

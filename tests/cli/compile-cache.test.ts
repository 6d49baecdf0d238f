import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, runCli, SEED_CLIENT } from './helpers';

/** src/cli/load-cli.ts: the CLI loads its bundle through V8's code cache, kept in the user's cache folder. */

const homes: string[] = [];
afterAll(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'safe-requests-cache-'));
  homes.push(dir);
  return dir;
}

function cacheFiles(home: string): string[] {
  const folder = join(home, 'eslint-plugin-safe-requests');
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
}

const project = makeProject({ 'package.json': '{ "type": "module" }\n', 'src/client.js': SEED_CLIENT });
const expected = runCli(project, ['check', '--format', 'json'], { NODE_DISABLE_COMPILE_CACHE: '1' });

describe('the compile cache', () => {
  it('is written by the first run and read, not rewritten, by the next, with the same report', () => {
    const home = cacheHome();
    const first = runCli(project, ['check', '--format', 'json'], { XDG_CACHE_HOME: home });
    const [cache] = cacheFiles(home);
    expect(cache).toMatch(/cli-\d+-\d+-v[\d.]+-\w+\.v8cache$/);
    expect(statSync(cache!).mode & 0o077).toBe(0);
    const written = statSync(cache!).mtimeMs;
    const second = runCli(project, ['check', '--format', 'json'], { XDG_CACHE_HOME: home });
    expect(statSync(cache!).mtimeMs).toBe(written);
    expect([first.code, first.stdout, second.code, second.stdout]).toEqual([expected.code, expected.stdout, expected.code, expected.stdout]);
  });

  it('serves worker threads too', () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`src/client-${index}.js`, SEED_CLIENT]));
    const many = makeProject({ 'package.json': '{ "type": "module" }\n', ...files });
    const args = ['check', '--format', 'json', '--workers', '2'];
    const uncached = runCli(many, args, { NODE_DISABLE_COMPILE_CACHE: '1' });
    const home = cacheHome();
    runCli(many, ['check'], { XDG_CACHE_HOME: home });
    const threaded = runCli(many, args, { XDG_CACHE_HOME: home });
    expect(cacheFiles(home)).toHaveLength(1);
    expect([threaded.code, threaded.stdout, threaded.stderr]).toEqual([uncached.code, uncached.stdout, uncached.stderr]);
    expect(JSON.parse(threaded.stdout).summary.filesChanged).toBe(8);
  });

  it('is replaced when V8 refuses it, and the run goes on', () => {
    const home = cacheHome();
    runCli(project, ['check'], { XDG_CACHE_HOME: home });
    const [cache] = cacheFiles(home);
    writeFileSync(cache!, 'not a code cache');
    const run = runCli(project, ['check', '--format', 'json'], { XDG_CACHE_HOME: home });
    expect([run.code, run.stdout]).toEqual([expected.code, expected.stdout]);
    expect(readFileSync(cache!).length).toBeGreaterThan(100_000);
  });

  it('is not read from a folder others may write to', () => {
    const trusted = cacheHome();
    runCli(project, ['check'], { XDG_CACHE_HOME: trusted });
    const [valid] = cacheFiles(trusted);
    const shared = cacheHome();
    const folder = join(shared, 'eslint-plugin-safe-requests');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const planted = join(folder, basename(valid!));
    copyFileSync(valid!, planted);
    const before = statSync(planted).mtimeMs;
    const run = runCli(project, ['check', '--format', 'json'], { XDG_CACHE_HOME: shared });
    expect([run.code, run.stdout]).toEqual([expected.code, expected.stdout]);
    // Not read, so written anew at exit.
    expect(statSync(planted).mtimeMs).not.toBe(before);
  });

  it('is not written by a run that analysed no file, whose compiled code would be mostly start-up', () => {
    const home = cacheHome();
    const quiet = makeProject({ 'src/math.js': 'export const add = (a, b) => a + b;\n' });
    expect(runCli(quiet, ['--help'], { XDG_CACHE_HOME: home }).code).toBe(0);
    expect(runCli(quiet, ['check'], { XDG_CACHE_HOME: home }).code).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
    runCli(project, ['check'], { XDG_CACHE_HOME: home });
    expect(cacheFiles(home)).toHaveLength(1);
  });

  it('is neither read nor written under NODE_DISABLE_COMPILE_CACHE, as Node’s own', () => {
    const home = cacheHome();
    runCli(project, ['check'], { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(cacheFiles(home)).toEqual([]);
  });

  it('keeps one file: a cache of another build is removed when this one is written', () => {
    const home = cacheHome();
    const folder = join(home, 'eslint-plugin-safe-requests');
    mkdirSync(folder, { mode: 0o700 });
    writeFileSync(join(folder, 'cli-1-2-v0.0.0-x64.v8cache'), 'old');
    runCli(project, ['check'], { XDG_CACHE_HOME: home });
    expect(cacheFiles(home).map((path) => basename(path))).toEqual([expect.stringMatching(/^cli-(?!1-2-)/)]);
  });
});

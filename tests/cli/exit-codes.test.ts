import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, makeProject, read, runCli, SEED_CLIENT, writeFiles } from './helpers';

// Every exit code of DESIGN.md, through the built CLI on temporary git repositories.

const PACKAGE_JSON = JSON.stringify({ name: 'model-client', private: true, type: 'module' });

function seedProject(extra: Record<string, string> = {}): string {
  return makeProject({ 'package.json': PACKAGE_JSON, 'src/client.js': SEED_CLIENT, 'src/math.js': 'export const twice = (n) => n * 2;\n', ...extra });
}

describe('exit 1 and 0: check and fix', () => {
  it('check exits 1, prints the diff and writes nothing', () => {
    const dir = seedProject();
    const result = runCli(dir, ['check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('--- a/src/client.js\n+++ b/src/client.js\n');
    expect(result.stdout).toContain("+const MODEL_SERVING_ENDPOINT = process.env.MODEL_SERVING_ENDPOINT ?? 'https://model-serving.example.com/predict';");
    expect(result.stdout).toContain('+const response = await withRetry((attempt) => fetch(attempt.url(MODEL_SERVING_ENDPOINT), {');
    expect(result.stdout).toMatch(/files to change\s+1/);
    expect(result.stdout).toContain('Would create src/safe-requests-runtime.mjs');
    expect(read(dir, 'src/client.js')).toBe(SEED_CLIENT);
    expect(existsSync(join(dir, 'src/safe-requests-runtime.mjs'))).toBe(false);
    expect(existsSync(join(dir, '.env.example'))).toBe(false);
  });

  it('fix exits 0, writes the file, the helper and .env.example; check then exits 0', () => {
    const dir = seedProject();
    const fix = runCli(dir, ['fix']);
    expect(fix.stderr).toBe('');
    expect(fix.code).toBe(0);
    expect(fix.stdout).toMatch(/files changed\s+1/);
    expect(fix.stdout).toMatch(/requests wrapped\s+1/);
    expect(fix.stdout).toMatch(/timeouts added\s+1/);
    expect(fix.stdout).toMatch(/env vars introduced\s+1\s+\(MODEL_SERVING_ENDPOINT\)/);
    const client = read(dir, 'src/client.js');
    expect(client).toContain("const MODEL_SERVING_ENDPOINT = process.env.MODEL_SERVING_ENDPOINT ?? 'https://model-serving.example.com/predict';");
    expect(client).toContain("from './safe-requests-runtime.mjs'");
    expect(read(dir, 'src/safe-requests-runtime.mjs')).toContain('export async function withRetry');
    expect(read(dir, '.env.example')).toBe('# used in src/client.js:1\nMODEL_SERVING_ENDPOINT=https://model-serving.example.com/predict\n');
    expect(read(dir, 'src/math.js')).toBe('export const twice = (n) => n * 2;\n');

    commitAll(dir, 'fixed');
    const check = runCli(dir, ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/files to change\s+0/);
    expect(read(dir, 'src/client.js')).toBe(client);
  });

  it('fix --dry-run exits 0 and writes nothing', () => {
    const dir = seedProject();
    const result = runCli(dir, ['fix', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing was written (--dry-run).');
    expect(read(dir, 'src/client.js')).toBe(SEED_CLIENT);
    expect(existsSync(join(dir, '.env.example'))).toBe(false);
  });

  it('check on a project without requests exits 0', () => {
    const dir = makeProject({ 'src/math.js': 'export const twice = (n) => n * 2;\n' });
    const result = runCli(dir, ['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/files scanned\s+1\s+\(1 with no request or URL, not parsed\)/);
  });
});

describe('exit 2: a file failed', () => {
  const BROKEN = "const response = await fetch('https://model-serving.example.com/predict',\n";

  it('an unparsable file is reported with its position, skipped and left untouched', () => {
    const dir = seedProject({ 'src/broken.js': BROKEN });
    const result = runCli(dir, ['fix']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Skipped \(1\)\n {2}src\/broken\.js:2:1 {2}parse error: /);
    expect(read(dir, 'src/broken.js')).toBe(BROKEN);
    expect(read(dir, 'src/client.js')).not.toBe(SEED_CLIENT);
  });

  it('under --strict the same file fails the run with exit 2, still untouched', () => {
    const dir = seedProject({ 'src/broken.js': BROKEN });
    const result = runCli(dir, ['check', '--strict', '--no-diff']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/Failed \(1\)\n {2}src\/broken\.js:2:1 {2}parse error: /);
    expect(read(dir, 'src/broken.js')).toBe(BROKEN);
  });
});

describe('exit 3: usage and configuration errors name the culprit', () => {
  const dir = seedProject();

  it.each([
    [['check', '--bogus'], "unknown option '--bogus'"],
    [['check', '--format', 'xml'], "option '--format <format>' argument 'xml' is invalid"],
    [['list', '--format', 'sarif'], "option '--format <format>' argument 'sarif' is invalid"],
    [['fix', '--workers', '0'], "option '--workers <n>' argument '0' is invalid"],
    [['check', '--transforms', 'env-endpoints,nope'], "unknown transform 'nope'"],
    [['check', '--changed=no-such-branch'], "--changed: 'no-such-branch' is not a commit"],
    [['check', 'no/such/path'], 'path not found: no/such/path'],
    [['explode'], "unknown command 'explode'"],
    [['check', '--config', 'missing.json'], '--config missing.json'],
  ])('%j', (args, message) => {
    const result = runCli(dir, args);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(message);
    expect(read(dir, 'src/client.js')).toBe(SEED_CLIENT);
  });

  it('no command prints the usage and exits 3', () => {
    const result = runCli(dir, []);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Usage: safe-requests');
  });

  it('--help and --version exit 0', () => {
    expect(runCli(dir, ['--help']).code).toBe(0);
    const version = runCli(dir, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a bad --config names the key, and a bad transform option names the option', () => {
    writeFiles(dir, {
      'bad-key.json': JSON.stringify({ 'env-endpoint': {} }),
      'bad-option.json': JSON.stringify({ 'env-endpoints': { fallback: 'maybe' } }),
    });
    const badKey = runCli(dir, ['check', '--config', 'bad-key.json']);
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toContain("unknown key 'env-endpoint'");
    const badOption = runCli(dir, ['check', '--config', 'bad-option.json']);
    expect(badOption.code).toBe(3);
    expect(badOption.stderr).toContain("option 'fallback'");
  });

  it('--changed outside a git repository', () => {
    const plain = makeProject({ 'a.js': SEED_CLIENT }, { git: false });
    const result = runCli(plain, ['check', '--changed']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--changed needs a git repository');
  });
});

describe('a dirty work tree', () => {
  it('fix refuses it with exit 3 and touches nothing; --allow-dirty proceeds', () => {
    const dir = seedProject();
    writeFiles(dir, { 'src/math.js': 'export const twice = (n) => n + n;\n' });
    const refused = runCli(dir, ['fix']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('uncommitted changes (src/math.js)');
    expect(refused.stderr).toContain('--allow-dirty');
    expect(read(dir, 'src/client.js')).toBe(SEED_CLIENT);

    const allowed = runCli(dir, ['fix', '--allow-dirty']);
    expect(allowed.code).toBe(0);
    expect(read(dir, 'src/client.js')).toContain('withRetry(');
    expect(read(dir, 'src/math.js')).toBe('export const twice = (n) => n + n;\n');
  });

  it('an untracked file makes the tree dirty too, while check does not care', () => {
    const dir = seedProject();
    writeFiles(dir, { 'notes.txt': 'todo\n' });
    expect(runCli(dir, ['fix']).code).toBe(3);
    expect(runCli(dir, ['check']).code).toBe(1);
  });
});

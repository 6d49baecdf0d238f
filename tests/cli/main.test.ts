import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TransformRegistry } from '../../src/cli/file-job';
import { main } from '../../src/cli/main';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { TransformOptionError, UNCHANGED, type CodeTransform, type TransformOutcome } from '../../src/rewrite/transform-api';
import { UnsafeOutputError } from '../../src/rewrite/verify-output';
import { makeProject, read } from './helpers';

// The runner in-process with stand-in transforms, for the failures real transforms should never produce.

const passThrough: CodeTransform = { name: 'env-endpoints', run: () => UNCHANGED };

function registry(run: CodeTransform['run']): TransformRegistry {
  return { 'env-endpoints': passThrough, timeouts: { ...passThrough, name: 'timeouts' }, 'retry-requests': { name: 'retry-requests', run } };
}

function changed(output: string, extra: Partial<TransformOutcome> = {}): TransformOutcome {
  return { ...UNCHANGED, output, changes: 1, ...extra };
}

async function runMain(cwd: string, args: readonly string[], transforms: TransformRegistry) {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--workers', '1'], {
    cwd,
    env: { CI: '1' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    registry: transforms,
  });
  return { code, stdout, stderr };
}

const CALL = "fetch('https://api.example.com/');\n";

describe('exit 2 from the runner', () => {
  it('a transform that throws: the file is reported as a crash and left untouched', async () => {
    const dir = makeProject({ 'a.js': CALL, 'b.js': `// boom\n${CALL}` });
    const crashing = registry((source) => {
      if (source.includes('boom')) throw new Error('boom at the heart of the transform');
      return changed(`${source}// touched\n`);
    });
    const result = await runMain(dir, ['fix', '--transforms', 'retry-requests'], crashing);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/Failed \(1\)\n {2}b\.js {2}crash: retry-requests: Error: boom at the heart of the transform/);
    expect(read(dir, 'b.js')).toBe(`// boom\n${CALL}`);
    expect(read(dir, 'a.js')).toBe(`${CALL}// touched\n`);
  });

  it('output that fails verification is discarded', async () => {
    const source = `#!/usr/bin/env node\n${CALL}`;
    const dir = makeProject({ 'cli.js': source });
    const dropsShebang = registry((text) => changed(text.replace(/^#!.*\n/, '')));
    const result = await runMain(dir, ['fix', '--transforms', 'retry-requests'], dropsShebang);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('cli.js  unsafe-output: the combined output was discarded because the shebang line changed');
    expect(read(dir, 'cli.js')).toBe(source);
  });

  it("a transform's own UnsafeOutputError is reported with its reason", async () => {
    const dir = makeProject({ 'a.js': CALL });
    const refusing = registry((_source, filePath) => {
      throw new UnsafeOutputError(filePath, 'the output does not parse');
    });
    const result = await runMain(dir, ['check', '--transforms', 'retry-requests'], refusing);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('a.js  unsafe-output: retry-requests: the output does not parse');
  });

  it('a file edited while the run was going is not overwritten', async () => {
    const dir = makeProject({ 'a.js': CALL });
    const path = join(dir, 'a.js');
    const racing = registry((source) => {
      if (source === '') return UNCHANGED;
      writeFileSync(path, `${source}// edited by someone else\n`);
      return changed(`${source}// touched\n`);
    });
    const result = await runMain(dir, ['fix', '--transforms', 'retry-requests', '--allow-dirty'], racing);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('changed-during-run: the file changed on disk during the run; it was not written');
    expect(readFileSync(path, 'utf8')).toBe(`${CALL}// edited by someone else\n`);
  });
});

describe('support files', () => {
  it('the helper is written once for all the files that import it, and only by fix', async () => {
    const dir = makeProject({ 'src/a.mjs': CALL, 'src/b.mjs': CALL });
    const helperPath = join(dir, 'src/safe-requests-runtime.mjs');
    const wrapping = registry((source) => changed(`import { withRetry } from './safe-requests-runtime.mjs';\n${source}`, { helper: { flavour: 'esm', helperPath } }));

    const check = await runMain(dir, ['check', '--transforms', 'retry-requests', '--no-diff'], wrapping);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Would create src/safe-requests-runtime.mjs (the retry helper)');
    expect(existsSync(helperPath)).toBe(false);

    const fix = await runMain(dir, ['fix', '--transforms', 'retry-requests', '--no-diff'], wrapping);
    expect(fix.code).toBe(0);
    expect(fix.stdout.match(/Created src\/safe-requests-runtime\.mjs/g)).toHaveLength(1);
    expect(read(dir, 'src/safe-requests-runtime.mjs')).toBe(renderRuntimeHelper('esm'));
  });

  it('an existing helper is never overwritten', async () => {
    const dir = makeProject({ 'a.mjs': CALL, 'safe-requests-runtime.mjs': '// my own edits\n' });
    const wrapping = registry((source, filePath) =>
      changed(`// wrapped\n${source}`, { helper: { flavour: 'esm', helperPath: join(filePath, '../safe-requests-runtime.mjs') } }),
    );
    const result = await runMain(dir, ['fix', '--transforms', 'retry-requests'], wrapping);
    expect(result.code).toBe(0);
    expect(read(dir, 'safe-requests-runtime.mjs')).toBe('// my own edits\n');
  });
});

describe('exit 3 from the runner', () => {
  it('a bad transform option stops the run before any file is read', async () => {
    const dir = makeProject({ 'a.js': CALL, 'options.json': JSON.stringify({ 'retry-requests': { attempts: 'many' } }) });
    const strict = registry((_source, _path, options) => {
      if (options?.attempts !== undefined) throw new TransformOptionError('retry-requests', 'attempts', 'must be a whole number');
      return UNCHANGED;
    });
    const result = await runMain(dir, ['fix', '--transforms', 'retry-requests', '--config', 'options.json'], strict);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("safe-requests: --config: retry-requests: option 'attempts' must be a whole number\n");
  });
});

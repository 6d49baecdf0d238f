import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../../src/package-info';
import { readHelperStamp, renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { commitAll, compileSchema, makeProject, read, runCli, SEED_CLIENT, writeFiles } from './helpers';

// The generated helper's lifecycle through the built CLI, on temporary git repositories: fix
// brings a helper it wrote to the installed version, and keeps one somebody edited.

const PACKAGE_JSON = JSON.stringify({ name: 'model-client', private: true, type: 'module' });
const HELPER = 'src/safe-requests-runtime.mjs';

/** What an earlier version wrote: another body (here: other redact patterns), its hash intact. */
const OLDER = renderRuntimeHelper('esm', { version: '0.0.9', redact: ['legacy-[0-9]+'] });

/** The seed client after a fix, committed with `helper` beside it. */
function fixedProject(helper: string): string {
  const dir = makeProject({ 'package.json': PACKAGE_JSON, 'src/client.js': SEED_CLIENT });
  expect(runCli(dir, ['fix']).code).toBe(0);
  writeFiles(dir, { [HELPER]: helper });
  commitAll(dir, 'fixed, with that helper');
  return dir;
}

interface JsonReport {
  readonly exitCode: number;
  readonly supportFiles: ReadonlyArray<{ path: string; status: string; message?: string; diff?: string }>;
  readonly manualReview: ReadonlyArray<{ path: string; line: number; reason: string; message: string }>;
}

describe('the version marker', () => {
  it('states version, flavour and whether the body is the one rendered; line endings do not count', () => {
    expect(readHelperStamp(OLDER)).toEqual({ version: '0.0.9', flavour: 'esm', intact: true });
    expect(readHelperStamp(OLDER.replace(/\n/g, '\r\n'))).toEqual({ version: '0.0.9', flavour: 'esm', intact: true });
    expect(readHelperStamp(OLDER.replace('const DEFAULT_ATTEMPTS = 3;', 'const DEFAULT_ATTEMPTS = 5;'))).toMatchObject({ intact: false });
    expect(readHelperStamp(`// my own helper\n${OLDER}`)).toBeUndefined();
  });
});

describe('fix and check with a helper already in place', () => {
  it('an unmodified helper of an earlier version: check exits 1 (would update), fix updates it, check exits 0', () => {
    const dir = fixedProject(OLDER);
    const check = runCli(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`Would update ${HELPER} (the retry helper): from version 0.0.9 to ${PACKAGE_VERSION}`);
    expect(read(dir, HELPER)).toBe(OLDER);

    const fix = runCli(dir, ['fix']);
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain(`Updated ${HELPER} (the retry helper): from version 0.0.9 to ${PACKAGE_VERSION}`);
    expect(read(dir, HELPER)).toBe(renderRuntimeHelper('esm'));
    commitAll(dir, 'updated');
    expect(runCli(dir, ['check']).code).toBe(0);
  });

  it('an edited helper is kept: a warning with the diff, a manual-review item, and the file untouched', () => {
    const edited = renderRuntimeHelper('esm').replace('const DEFAULT_ATTEMPTS = 3;', 'const DEFAULT_ATTEMPTS = 5; // ours');
    const dir = fixedProject(edited);
    const fix = runCli(dir, ['fix']);
    expect(fix.code).toBe(0);
    expect(read(dir, HELPER)).toBe(edited);
    expect(fix.stdout).toContain(`Kept ${HELPER} (the retry helper): The retry helper was edited by hand`);
    expect(fix.stdout).toContain('-const DEFAULT_ATTEMPTS = 5; // ours\n+const DEFAULT_ATTEMPTS = 3;');

    const json = runCli(dir, ['fix', '--format', 'json']);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(compileSchema(`${__dirname}/../../src/cli/report.schema.json`)(report)).toBe(true);
    expect(report.supportFiles).toEqual([
      { path: HELPER, kind: 'retry-helper', status: 'kept', variables: [], message: expect.stringContaining('edited by hand'), diff: expect.stringContaining('+const DEFAULT_ATTEMPTS = 3;') },
    ]);
    expect(report.manualReview).toEqual([expect.objectContaining({ path: HELPER, line: 1, reason: 'helper-edited' })]);
    // Keeping it is not a change check asks for.
    expect(runCli(dir, ['check']).code).toBe(0);
  });

  it('a helper written by a newer version is not downgraded; one without a readable header is kept for review', () => {
    const newer = fixedProject(renderRuntimeHelper('esm', { version: '99.0.0' }));
    const fix = runCli(newer, ['fix']);
    expect(fix.stdout).toContain(`Kept ${HELPER} (the retry helper): written by version 99.0.0, newer than the installed ${PACKAGE_VERSION}; not downgraded`);
    expect(fix.stdout).toMatch(/manual review\s+0/);

    const own = fixedProject("export async function withRetry(operation) { return operation({ number: 1, url: (u) => u }); }\nexport function logRequestFailure() {}\n");
    const report = JSON.parse(runCli(own, ['fix', '--format', 'json']).stdout) as JsonReport;
    expect(report.manualReview).toEqual([expect.objectContaining({ reason: 'helper-edited', message: expect.stringContaining('no readable version header') })]);
  });

  it("renders --config's redact patterns into the helper it creates, and updates a helper when they change", () => {
    const dir = makeProject({
      'package.json': PACKAGE_JSON,
      'src/client.js': SEED_CLIENT,
      'safe-requests.json': JSON.stringify({ settings: { redact: ['tenant-[a-z0-9]+'] } }),
    });
    expect(runCli(dir, ['fix', '--config', 'safe-requests.json']).code).toBe(0);
    expect(read(dir, HELPER)).toBe(renderRuntimeHelper('esm', { redact: ['tenant-[a-z0-9]+'] }));
    commitAll(dir, 'fixed');
    expect(runCli(dir, ['fix']).stdout).toContain(`Updated ${HELPER} (the retry helper)`);
    expect(read(dir, HELPER)).toBe(renderRuntimeHelper('esm'));
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema, makeProject, read, readJson, REPORT_SCHEMA, runCli, SARIF_SCHEMA, SEED_CLIENT } from './helpers';

// --format json | sarif | github and --report, checked against their schemas.

const validateReport = compileSchema(REPORT_SCHEMA);
const validateSarif = compileSchema(SARIF_SCHEMA);

const UNPARSABLE = 'export const = 1;\n';

/** A monorepo package: the CLI runs in packages/app, SARIF and annotations need paths from the repository top. */
function monorepo(): { root: string; app: string } {
  const root = makeProject({
    'package.json': '{"private":true,"workspaces":["packages/*"]}\n',
    'packages/app/package.json': '{"name":"app","type":"module"}\n',
    'packages/app/src/client.js': SEED_CLIENT,
    'packages/app/src/broken.js': `${UNPARSABLE}fetch(url);\n`,
  });
  return { root, app: join(root, 'packages/app') };
}

function expectValid(validate: ReturnType<typeof compileSchema>, document: unknown): void {
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; endLine?: number } } }>;
}

describe('the schemas', () => {
  it('reject what they should', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    const header = { version: 1, tool: { name: 'x', version: '1' }, dryRun: false, transforms: ['env-endpoints'], exitCode: 0 };
    expect(validateReport({ ...header, command: 'list', summary: {}, files: [], entries: [], manualReview: [] })).toBe(false);
    expect(validateReport({ ...header, command: 'check', summary: {}, files: [], envVariables: [], supportFiles: [], manualReview: [] })).toBe(false);
  });
});

describe('--format json', () => {
  it('check: valid against report.schema.json, paths relative to the current folder', () => {
    const { app } = monorepo();
    const result = runCli(app, ['check', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = readJson<{ files: Array<{ path: string; status: string }>; envVariables: Array<{ name: string; path: string; line: number }> }>(result.stdout);
    expectValid(validateReport, report);
    expect(report.files.map((file) => `${file.path} ${file.status}`)).toEqual(['src/broken.js skipped', 'src/client.js changed']);
    expect(report.envVariables).toEqual([
      { name: 'MODEL_SERVING_ENDPOINT', defaultValue: 'https://model-serving.example.com/predict', path: 'src/client.js', line: 1 },
    ]);
    // The summary goes to stderr so stdout stays parseable.
    expect(result.stderr).toContain('safe-requests check');
  });

  it('list: valid, one entry per request with handled?, retried? and the proposed variable', () => {
    const { app } = monorepo();
    const result = runCli(app, ['list', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = readJson<{ entries: unknown[] }>(result.stdout);
    expectValid(validateReport, report);
    expect(report.entries).toEqual([
      {
        path: 'src/client.js',
        line: 1,
        column: 24,
        kind: 'request',
        client: 'fetch',
        method: 'POST',
        url: "'https://model-serving.example.com/predict'",
        handled: false,
        unhandledReason: 'topLevelAwait',
        retried: false,
        retry: null,
        endpoint: 'https://model-serving.example.com/predict',
        envName: 'MODEL_SERVING_ENDPOINT',
        targets: [{ variable: null, origin: 'https://model-serving.example.com' }],
        manualReview: [],
      },
    ]);
  });

  it('fix: valid, with the created support files', () => {
    const { app } = monorepo();
    const result = runCli(app, ['fix', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = readJson<{ supportFiles: unknown[] }>(result.stdout);
    expectValid(validateReport, report);
    expect(report.supportFiles).toEqual([
      { path: 'src/safe-requests-runtime.mjs', kind: 'retry-helper', status: 'created', variables: [] },
      { path: '.env.example', kind: 'env-example', status: 'created', variables: ['MODEL_SERVING_ENDPOINT'] },
    ]);
  });
});

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with repository-relative URIs', () => {
    const { app } = monorepo();
    const result = runCli(app, ['check', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const sarif = readJson<{ runs: Array<{ results: SarifResult[] }> }>(result.stdout);
    expectValid(validateSarif, sarif);
    const results = sarif.runs[0].results.map((entry) => {
      const { artifactLocation, region } = entry.locations[0].physicalLocation;
      return `${entry.ruleId} ${entry.level} ${artifactLocation.uri}:${region?.startLine}-${region?.endLine ?? region?.startLine}`;
    });
    expect(results).toEqual([
      'file-not-processed note packages/app/src/broken.js:1-1',
      'env-endpoints warning packages/app/src/client.js:1-1',
      // The call's middle lines stay as they are: two changed ranges.
      'retry-requests warning packages/app/src/client.js:1-1',
      'retry-requests warning packages/app/src/client.js:5-5',
      // The line the signal goes on, in the init's last property.
      'timeouts warning packages/app/src/client.js:5-5',
    ]);
  });
});

describe('--format github', () => {
  it('prints workflow-command annotations, then the summary', () => {
    const { app } = monorepo();
    const result = runCli(app, ['check', '--format', 'github', '--no-diff']);
    expect(result.code).toBe(1);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      "::notice file=packages/app/src/broken.js,line=1,col=14,title=safe-requests file-not-processed::Not processed (parse-error): Unexpected token",
      '::warning file=packages/app/src/client.js,line=1,title=safe-requests env-endpoints::Hardcoded endpoint https://model-serving.example.com/predict: `safe-requests fix` would read it from MODEL_SERVING_ENDPOINT (the URL stays the default).',
      '::warning file=packages/app/src/client.js,line=1,title=safe-requests retry-requests::Request without error handling or retry: `safe-requests fix` would wrap it in withRetry and log its failures.',
      '::warning file=packages/app/src/client.js,line=5,title=safe-requests retry-requests::Request without error handling or retry: `safe-requests fix` would wrap it in withRetry and log its failures.',
      '::warning file=packages/app/src/client.js,line=5,title=safe-requests timeouts::Request without a timeout: `safe-requests fix` would give it one.',
    ]);
    expect(result.stdout).toMatch(/safe-requests check\n {2}files scanned/);
  });
});

describe('--report', () => {
  it('writes the format to the file and the pretty output to stdout', () => {
    const { root, app } = monorepo();
    const result = runCli(app, ['check', '--format', 'sarif', '--report', '../../safe-requests.sarif']);
    expect(result.code).toBe(1);
    expectValid(validateSarif, JSON.parse(read(root, 'safe-requests.sarif')));
    expect(result.stdout).toContain('+++ b/src/client.js');
    expect(result.stdout).toMatch(/files to change\s+1/);
  });
});

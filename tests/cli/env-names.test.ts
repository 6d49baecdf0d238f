import { describe, expect, it } from 'vitest';
import { makeProject, readJson, runCli } from './helpers';

// The run-wide name assignment reads env-endpoints' own options, so check, fix and list name a URL
// exactly as the transform writes it.

interface CheckReport {
  readonly envVariables: ReadonlyArray<{ readonly name: string; readonly path: string; readonly defaultValue: string }>;
}
interface ListReport {
  readonly entries: ReadonlyArray<{ readonly path: string; readonly endpoint: string | null; readonly envName: string | null }>;
}

const CONFIG = 'safe-requests.json';

function run(files: Record<string, string>, config: object) {
  const dir = makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n', [CONFIG]: JSON.stringify(config), ...files });
  const check = runCli(dir, ['check', '--transforms', 'env-endpoints', '--format', 'json', '--config', CONFIG]);
  expect(check.code).toBe(1);
  const list = runCli(dir, ['list', '--format', 'json', '--config', CONFIG]);
  expect(list.code).toBe(0);
  const names = (report: CheckReport) => report.envVariables.map(({ path, name }) => `${path} ${name}`);
  const defaults = (report: CheckReport) => report.envVariables.map(({ name, defaultValue }) => `${name}=${defaultValue}`);
  const listed = (report: ListReport) => report.entries.filter((entry) => entry.endpoint !== null).map(({ path, envName }) => `${path} ${envName}`);
  const report = readJson<CheckReport>(check.stdout);
  return { written: names(report), defaults: defaults(report), listed: listed(readJson<ListReport>(list.stdout)) };
}

describe('names across a run follow the env-endpoints options', () => {
  it("envAccess: 'vite' outside a Vite project: a name the code reads as VITE_* is not handed out again (the host names it instead)", () => {
    const { written, listed } = run(
      {
        'src/users.js': [
          "const USERS_API = 'https://users.acme.io/v1';",
          'export const legacy = import.meta.env.VITE_USERS_API;',
          'export const load = () => fetch(USERS_API);',
          '',
        ].join('\n'),
      },
      { 'env-endpoints': { envAccess: 'vite' } },
    );
    expect(written).toEqual(['src/users.js VITE_USERS_BASE_URL']);
    expect(listed).toEqual(['src/users.js VITE_USERS_BASE_URL']);
  });

  it('a name pinned in --config is not proposed for another URL, and list shows the pinned name', () => {
    const { written, listed } = run(
      {
        'src/a.js': "export const loadA = () => fetch('https://accounts.acme.io/v1');\n",
        'src/b.js': "const USERS_API = 'https://users.acme.io/v1';\nexport const loadB = () => fetch(USERS_API);\n",
      },
      { 'env-endpoints': { envNames: { 'https://accounts.acme.io/v1': 'USERS_API' } } },
    );
    expect(written).toEqual(['src/a.js USERS_API', 'src/b.js USERS_BASE_URL']);
    expect(listed).toEqual(['src/a.js USERS_API', 'src/b.js USERS_BASE_URL']);
  });

  it('a file whose own choice clashes with the run is done again with the run-wide names', () => {
    const { written, defaults, listed } = run(
      {
        'src/a.js': "export const loadA = () => fetch('https://users.acme.io/v1/list');\n",
        'src/b.js': "export const loadB = () => fetch('https://users.acme.io/v2/list');\n",
        'src/c.js': "export const base = process.env.ACCOUNTS_URL ?? 'https://accounts.acme.io';\nexport const loadC = () => fetch(base);\n",
        'src/d.js': "export const loadD = () => fetch('https://accounts.acme.io');\n",
      },
      {},
    );
    // Each of a.js and b.js alone would take its whole URL (USERS_ENDPOINT); the run gives their origin one base.
    // d.js alone would propose its own name.
    expect(written).toEqual(['src/a.js USERS_BASE_URL', 'src/b.js USERS_BASE_URL', 'src/d.js ACCOUNTS_URL']);
    expect(defaults).toEqual(['USERS_BASE_URL=https://users.acme.io', 'USERS_BASE_URL=https://users.acme.io', 'ACCOUNTS_URL=https://accounts.acme.io']);
    expect(listed).toEqual(written);
  });
});

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { answeringServer, getOnlyServer, hangingServer, selfSignedServer } from '../runtime/health-servers';
import { refusedPort } from '../runtime/loopback';
import { BIN, compileSchema, makeProject } from './helpers';

// `safe-requests health` in-process (real transforms, no worker threads) against real servers on
// 127.0.0.1; one run of the built CLI as users run it.

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function health(cwd: string, args: readonly string[], env: Record<string, string> = {}, extra: { signal?: AbortSignal; tty?: boolean; onOutput?: (text: string) => void } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['health', ...args, '--workers', '1'], {
    cwd,
    env: { CI: '1', ...env },
    stdout: {
      write: (text: string) => {
        stdout += text;
        extra.onOutput?.(stdout);
      },
      isTTY: extra.tty,
    },
    stderr: { write: (text: string) => (stderr += text) },
    signal: extra.signal,
  });
  return { code, stdout, stderr };
}

/** One request per variable, in this order, each line `fetch(process.env.NAME)`. */
function projectReading(...names: string[]): string {
  return makeProject({ 'src/client.js': names.map((name) => `export const ${name.toLowerCase()} = () => fetch(process.env.${name});\n`).join('') });
}

function rowOf(stdout: string, variable: string): string {
  const row = stdout.split('\n').find((line) => line.includes(`${variable} (`));
  if (row === undefined) throw new Error(`no row for ${variable} in:\n${stdout}`);
  return row.replace(/\s+/g, ' ');
}

const FAST = ['--timeout', '300ms'];

describe('one round: the table and the exit code', () => {
  it('up, refused, hanging, 503, self-signed, unresolvable and unset endpoints: one row each, exit 1', async () => {
    const [up, hanging, busy, tls] = await Promise.all([answeringServer(200), hangingServer(), answeringServer(503, { 'Retry-After': '120' }), selfSignedServer()]);
    const dir = projectReading('UP_URL', 'REFUSED_URL', 'HANGING_URL', 'BUSY_URL', 'TLS_URL', 'NOWHERE_URL', 'UNSET_URL');
    const env = {
      UP_URL: `${up.url}/predict`,
      REFUSED_URL: `http://127.0.0.1:${await refusedPort()}/predict`,
      HANGING_URL: hanging.url,
      BUSY_URL: busy.url,
      TLS_URL: tls.url,
      NOWHERE_URL: 'http://model-serving.invalid/',
    };
    const started = Date.now();
    const result = await health(dir, FAST, env);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toMatch(/^ENDPOINT\s+ENV VAR\s+URL\s+STAGE\s+STATUS\s+LATENCY\s+ERROR$/);
    expect(rowOf(result.stdout, 'UP_URL')).toMatch(/^src\/client\.js:1 UP_URL \(env\) http:\/\/127\.0\.0\.1:\d+\/ http up 200 \d+ ms -$/);
    expect(rowOf(result.stdout, 'REFUSED_URL')).toMatch(/ tcp down \d+ ms ECONNREFUSED$/);
    expect(rowOf(result.stdout, 'HANGING_URL')).toMatch(/ http down \d+ ms ETIMEDOUT$/);
    expect(rowOf(result.stdout, 'BUSY_URL')).toMatch(/ http down 503 \d+ ms HTTP_503, Retry-After 120 s$/);
    expect(rowOf(result.stdout, 'TLS_URL')).toMatch(/ https:\/\/127\.0\.0\.1:\d+\/ tls down \d+ ms DEPTH_ZERO_SELF_SIGNED_CERT$/);
    expect(rowOf(result.stdout, 'NOWHERE_URL')).toMatch(/ dns down \d+ ms (ENOTFOUND|EAI_AGAIN|ETIMEDOUT)$/);
    expect(rowOf(result.stdout, 'UNSET_URL')).toBe('src/client.js:7 UNSET_URL (not set) - url down - ENV_NOT_SET');
    expect(result.stdout).toMatch(/endpoints +7 +\(6 unhealthy\)/);
    // The probes run at once: the hanging one's 300 ms is the whole wait.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(up.hits).toEqual(['HEAD /']);
  });

  it('all healthy: exit 0; the same origin under two variables is probed once', async () => {
    const up = await answeringServer(204);
    const dir = projectReading('MODEL_URL', 'MODEL_ADMIN_URL');
    const result = await health(dir, FAST, { MODEL_URL: `${up.url}/predict`, MODEL_ADMIN_URL: `${up.url}/admin` });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/endpoints +2 +\(all healthy\)/);
    expect(up.hits).toEqual(['HEAD /']);
  });

  it('--insecure accepts the self-signed certificate', async () => {
    const tls = await selfSignedServer();
    const result = await health(projectReading('TLS_URL'), [...FAST, '--insecure'], { TLS_URL: tls.url });
    expect(result.code).toBe(0);
    expect(rowOf(result.stdout, 'TLS_URL')).toMatch(/ http up 200 /);
  });

  it('URLs written in the code and env defaults count, loopback included; no endpoint at all is exit 0', async () => {
    const up = await answeringServer(200);
    const dir = makeProject({
      'src/a.js': `export const a = () => fetch('${up.url}/predict');\nexport const b = () => fetch(process.env.MODEL_URL ?? '${up.url}/v2');\n`,
    });
    const result = await health(dir, FAST);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^src\/a\.js:1 +- +http:\/\/127\.0\.0\.1:\d+\/ +http +up 200/m);
    expect(rowOf(result.stdout, 'MODEL_URL')).toContain('MODEL_URL (default)');
    const nothing = makeProject({ 'src/a.js': "export const a = () => fetch('/api/items');\n" });
    for (const args of [FAST, [...FAST, '--watch', '1s']]) {
      const empty = await health(nothing, args);
      expect(empty).toMatchObject({ code: 0 });
      expect(empty.stdout).toContain('No endpoints found');
    }
  });
});

describe('where URLs and paths come from', () => {
  it('the environment wins over --env-file, which wins over the default', async () => {
    const up = await answeringServer(200);
    const dir = makeProject({
      'src/a.js': ['A', 'B', 'C'].map((name) => `export const ${name} = () => fetch(process.env.${name}_URL ?? 'http://127.0.0.1:${up.port}/');\n`).join(''),
      '.env.health': `A_URL=http://127.0.0.1:1/\nB_URL=${up.url}\n`,
    });
    const result = await health(dir, [...FAST, '--env-file', '.env.health'], { A_URL: up.url });
    expect(result.code).toBe(0);
    expect(rowOf(result.stdout, 'A_URL')).toContain('A_URL (env)');
    expect(rowOf(result.stdout, 'B_URL')).toContain('B_URL (env file)');
    expect(rowOf(result.stdout, 'C_URL')).toContain('C_URL (default)');
  });

  it('--path for every origin, health.paths per variable and per origin; a named path must succeed', async () => {
    const [model, search, other] = await Promise.all([getOnlyServer(), answeringServer(200), answeringServer(404)]);
    const dir = makeProject({
      'src/a.js': "export const m = () => fetch(process.env.MODEL_SERVING_ENDPOINT);\nexport const s = () => fetch(process.env.SEARCH_URL);\nexport const o = () => fetch(process.env.OTHER_URL);\n",
      'safe-requests.json': JSON.stringify({ health: { paths: { MODEL_SERVING_ENDPOINT: '/v1/health', [search.url]: '/status' } } }),
    });
    const env = { MODEL_SERVING_ENDPOINT: `${model.url}/predict`, SEARCH_URL: `${search.url}/q`, OTHER_URL: other.url };
    const result = await health(dir, [...FAST, '--config', 'safe-requests.json', '--path', '/healthz'], env);
    expect(model.hits).toEqual(['HEAD /v1/health', 'GET /v1/health']);
    expect(search.hits).toEqual(['HEAD /status']);
    expect(other.hits).toEqual(['HEAD /healthz', 'GET /healthz']);
    expect(rowOf(result.stdout, 'OTHER_URL')).toMatch(/\/healthz http down 404 .* HTTP_404$/);
    expect(result.code).toBe(1);
    // Without a named path, a 404 on / still shows a server that answers.
    const bare = await health(projectReading('OTHER_URL'), FAST, { OTHER_URL: other.url });
    expect(bare.code).toBe(0);
  });
});

describe('machine-readable output and secrets', () => {
  const SECRET_ENV = (port: number) => ({ MODEL_URL: `http://admin:hunter2@127.0.0.1:${port}/api/webhooks/42/AbCdEf-TOKEN?api_key=SEKRET` });

  it('--format json: the report, with nothing secret in it', async () => {
    const up = await answeringServer(200);
    const result = await health(projectReading('MODEL_URL', 'GONE_URL'), [...FAST, '--format', 'json'], {
      ...SECRET_ENV(up.port),
      GONE_URL: `http://user:pw-gone@127.0.0.1:${await refusedPort()}/x?token=SEKRET2`,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { command: string; exitCode: number; summary: object; endpoints: Array<Record<string, unknown>> };
    const validate = compileSchema(join(__dirname, '../../src/cli/health/health-report.schema.json'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toMatchObject({ command: 'health', exitCode: 1, summary: { endpoints: 2, healthy: 1, unhealthy: 1 } });
    expect(report.endpoints[0]).toMatchObject({
      variable: 'MODEL_URL',
      source: 'env',
      locations: [{ path: 'src/client.js', line: 1, column: 32 }],
      url: `http://127.0.0.1:${up.port}/`,
      healthy: true,
      stage: 'http',
      method: 'HEAD',
      status: 200,
      code: null,
      timings: { dns: expect.any(Number), tcp: expect.any(Number), http: expect.any(Number) },
    });
    expect(report.endpoints[1]).toMatchObject({ variable: 'GONE_URL', healthy: false, stage: 'tcp', code: 'ECONNREFUSED', status: null });
    expect(result.stdout + result.stderr).not.toMatch(/hunter2|SEKRET|AbCdEf|pw-gone|admin:/);
  });

  it("masks what settings['safe-requests'].redact names in --config, as the helper's log does", async () => {
    const up = await answeringServer(200);
    const dir = projectReading('TENANT_URL');
    writeFileSync(join(dir, 'safe-requests.json'), JSON.stringify({ settings: { redact: ['tenant-[a-z0-9]+'] } }));
    const args = [...FAST, '--path', '/tenants/tenant-4f2a/health', '--format', 'json'];
    const plain = JSON.parse((await health(dir, args, { TENANT_URL: up.url })).stdout) as { endpoints: Array<{ url: string }> };
    expect(plain.endpoints[0]!.url).toBe(`${up.url}/tenants/tenant-4f2a/health`);
    const masked = await health(dir, [...args, '--config', 'safe-requests.json'], { TENANT_URL: up.url });
    expect((JSON.parse(masked.stdout) as { endpoints: Array<{ url: string }> }).endpoints[0]!.url).toBe(`${up.url}/tenants/***/health`);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ settings: { redact: ['tenant-('] } }));
    const bad = await health(dir, [...FAST, '--config', 'bad.json'], { TENANT_URL: up.url });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("settings['safe-requests'].redact[0] is not a valid regular expression");
  });

  it('--format github: an ::error at the code of each unhealthy endpoint, then the table', async () => {
    const up = await answeringServer(200);
    const dir = projectReading('UP_URL', 'DOWN_URL');
    const result = await health(dir, [...FAST, '--format', 'github'], { UP_URL: up.url, DOWN_URL: `http://127.0.0.1:${await refusedPort()}/` });
    expect(result.code).toBe(1);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=src\/client\.js,line=2,col=\d+,title=safe-requests health::DOWN_URL http:\/\/127\.0\.0\.1:\d+\/ is unhealthy: down \(tcp ECONNREFUSED, \d+ ms\)$/),
    ]);
    expect(result.stdout).toContain('ENDPOINT');
  });

  it('--report writes the JSON and prints the table', async () => {
    const up = await answeringServer(200);
    const dir = projectReading('UP_URL');
    const result = await health(dir, [...FAST, '--format', 'json', '--report', 'out/health.json'], { UP_URL: up.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('safe-requests health');
    expect(JSON.parse(readFileSync(join(dir, 'out/health.json'), 'utf8'))).toMatchObject({ command: 'health', summary: { healthy: 1 } });
  });
});

describe('usage errors: exit 3 with a message naming the flag or key', () => {
  const dir = projectReading('UP_URL');
  it.each([
    [['--timeout', '0'], "option '--timeout <duration>' argument '0' is invalid"],
    [['--timeout', 'soon'], "option '--timeout <duration>' argument 'soon' is invalid"],
    [['--watch', '5'], "option '--watch <interval>' argument '5' is invalid. must be a duration of at least 100 ms"],
    [['--concurrency', '0'], "option '--concurrency <n>' argument '0' is invalid"],
    [['--path', 'health'], "option '--path <path>' argument 'health' is invalid. must be a path starting with '/'"],
    [['--format', 'sarif'], "option '--format <format>' argument 'sarif' is invalid"],
    [['--transforms', 'env-endpoints'], "unknown option '--transforms'"],
    [['--env-file', 'missing.env'], '--env-file missing.env: ENOENT'],
    [['--watch', '1s', '--format', 'github'], '--format github does not apply to --watch'],
  ])('%j', async (args, message) => {
    const result = await health(dir, args);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(message);
  });

  it.each([
    [{ health: { pathz: {} } }, "unknown key 'health.pathz' (known: paths)"],
    [{ health: { paths: { 'not a name': '/x' } } }, "'health.paths' key 'not a name' is neither an environment variable name nor an origin"],
    [{ health: { paths: { 'https://api.acme.io/v1': '/x' } } }, "'health.paths' key 'https://api.acme.io/v1' is neither"],
    [{ health: { paths: { MODEL_URL: 'health' } } }, "'health.paths.MODEL_URL' must be a path starting with '/'"],
    [{ health: [] }, "'health' must be an object"],
  ])('--config %j', async (config, message) => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(config));
    const result = await health(dir, ['--config', 'bad.json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`--config bad.json: ${message}`);
  });
});

describe('--watch', () => {
  /** Resolves once the output matches; the watch keeps running. */
  function waitFor(output: { text: string; waiters: Array<() => void> }, pattern: RegExp): Promise<void> {
    return new Promise((resolve) => {
      const check = () => pattern.test(output.text) && (resolve(), true);
      if (!check()) output.waiters.push(() => void check());
    });
  }

  it('logs each change of state with an ISO timestamp: refused, then up', async () => {
    const port = await refusedPort();
    const dir = projectReading('MODEL_URL');
    const controller = new AbortController();
    const output = { text: '', waiters: [] as Array<() => void> };
    const run = health(dir, ['--watch', '100ms', ...FAST], { MODEL_URL: `http://127.0.0.1:${port}/predict` }, {
      signal: controller.signal,
      onOutput: (text) => {
        output.text = text;
        output.waiters.forEach((waiter) => waiter());
      },
    });
    await waitFor(output, /ECONNREFUSED/);
    const server = await answeringServer(200, {}, port);
    await waitFor(output, /→ up 200/);
    expect(server.hits.length).toBeGreaterThanOrEqual(1);
    controller.abort();
    const result = await run;
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}MODEL_URL {2}http:\/\/127\.0\.0\.1:\d+\/ {2}down \(tcp ECONNREFUSED, \d+ ms\)$/),
      expect.stringMatching(/^\S+Z {2}MODEL_URL {2}http:\/\/127\.0\.0\.1:\d+\/ {2}down \(tcp ECONNREFUSED, \d+ ms\) → up 200 \(HEAD, \d+ ms\)$/),
    ]);
    // Stopped while healthy.
    expect(result.code).toBe(0);
  });

  it('--format json: one JSON line per change', async () => {
    const up = await answeringServer(200);
    const controller = new AbortController();
    const run = health(projectReading('UP_URL', 'DOWN_URL'), ['--watch', '100ms', '--format', 'json', ...FAST], { UP_URL: up.url, DOWN_URL: `http://127.0.0.1:${await refusedPort()}/` }, {
      signal: controller.signal,
      onOutput: (text) => {
        if (text.split('\n').length > 2) controller.abort();
      },
    });
    const result = await run;
    const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({ endpoint: 'UP_URL', from: null, to: 'healthy' }),
      expect.objectContaining({ endpoint: 'DOWN_URL', from: null, to: 'unhealthy:tcp:ECONNREFUSED' }),
    ]);
    expect(result.code).toBe(1);
  });

  it('on a terminal, a live line per endpoint is rewritten every round', async () => {
    const up = await answeringServer(200);
    const controller = new AbortController();
    let rounds = 0;
    const result = await health(projectReading('UP_URL'), ['--watch', '100ms', ...FAST], { UP_URL: up.url }, {
      signal: controller.signal,
      tty: true,
      onOutput: () => {
        if (++rounds === 3) controller.abort();
      },
    });
    const writes = result.stdout.split('\u001b[1A\u001b[J').map((write) => stripVTControlCharacters(write));
    expect(writes).toHaveLength(3);
    // One transition line, then only the live line, redrawn.
    expect(writes[0]).toMatch(/^\S+Z {2}UP_URL {2}http:\/\/127\.0\.0\.1:\d+\/ {2}up 200 \(HEAD, \d+ ms\)\n● UP_URL {2}http:\/\/127\.0\.0\.1:\d+\/ {2}up 200 \(HEAD, \d+ ms\) {2}checked \d\d:\d\d:\d\d\n$/);
    expect(writes[2]).toMatch(/^● UP_URL {2}\S+ {2}up 200 \(HEAD, \d+ ms\) {2}checked \d\d:\d\d:\d\d\n$/);
    expect(writes[2]).not.toContain('Z  UP_URL');
  });
});

describe('the built CLI', () => {
  it('prints the table and exits 1 with one endpoint up and one refused', async () => {
    const up = await answeringServer(200);
    const dir = projectReading('UP_URL', 'DOWN_URL');
    const env = { ...process.env, CI: '1', NO_COLOR: '1', UP_URL: up.url, DOWN_URL: `http://127.0.0.1:${await refusedPort()}/` };
    // Spawned, not spawnSync: the servers live in this process and must keep answering.
    const child = spawn(process.execPath, [BIN, 'health', '--timeout', '1s'], { cwd: dir, env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(rowOf(stdout, 'UP_URL')).toMatch(/ up 200 /);
    expect(rowOf(stdout, 'DOWN_URL')).toMatch(/ ECONNREFUSED$/);
  });
});

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { envEndpoints } from '../../transforms/env-endpoints';
import { retryRequests } from '../../transforms/retry-requests';
import { tempTree } from '../temp-tree';
import { FIXTURES_ROOT } from '../transforms/harness';
import { refusedPort } from './loopback';

// The seed's client after both codemods, run as a real process against a model server on
// 127.0.0.1 that is not listening yet when the client starts.

const SEED = readFileSync(join(FIXTURES_ROOT, 'retry-requests', 'seed-client', 'input.mjs'), 'utf8');
const TIMESTAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

const { root: dir, write } = tempTree('safe-requests-seed-');
let client: string;
let envName: string;

beforeAll(() => {
  write('package.json', '{ "type": "module" }\n');
  client = join(dir, 'client.mjs');
  const configured = envEndpoints.run(SEED, client);
  envName = configured.envVariables[0]!.name;
  const retried = retryRequests.run(configured.output!, client);
  writeFileSync(client, retried.output!);
  writeFileSync(retried.helper!.helperPath, renderRuntimeHelper(retried.helper!.flavour));
  // Full jitter may draw a delay near 0; a fixed draw (0.5: waits of 250 and 500 ms) keeps the
  // race with the late server deterministic.
  write('fixed-random.mjs', 'Math.random = () => 0.5;\n');
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the client; `onStderr` sees stderr as it arrives. */
function runClient(endpoint: string, onStderr: (text: string) => void = () => undefined, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './fixed-random.mjs', 'client.mjs'], {
      cwd: dir,
      env: { PATH: process.env.PATH, [envName]: endpoint, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the seed client after env-endpoints and retry-requests', () => {
  it('reads its endpoint from the environment and imports the helper written beside it', () => {
    const code = readFileSync(client, 'utf8');
    expect(envName).toBe('MODEL_SERVING_ENDPOINT');
    expect(code).toContain(`const ${envName} = process.env.${envName} ?? 'https://model-serving.example.com/predict';`);
    expect(code).toContain(`fetch(attempt.url(${envName})`);
    expect(code).toContain("import { withRetry, logRequestFailure } from './safe-requests-runtime.mjs';");
  });

  it('survives its model server coming up 200 ms late: exits 0, prints the prediction, logs the refusal', async () => {
    const port = await refusedPort();
    const endpoint = `http://127.0.0.1:${port}/predict`;
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"prediction":0.87}');
      });
    });
    let refused!: () => void;
    const firstRefusal = new Promise<void>((resolve) => (refused = resolve));
    const run = runClient(endpoint, (stderr) => {
      if (stderr.includes('ECONNREFUSED')) refused();
    });
    try {
      // Up 200 ms after the start, and never before the client was refused once.
      await Promise.race([Promise.all([delay(200), firstRefusal]), run]);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      const result = await run;
      expect(result.stderr).toMatch(
        new RegExp(`^\\[safe-requests\\] ${TIMESTAMP} POST ${endpoint.replace(/\./g, '\\.')} failed: ECONNREFUSED \\(attempt 1, retrying in 250 ms\\)$`, 'm'),
      );
      expect(result.stdout).toBe('{ prediction: 0.87 }\n');
      expect(result.code).toBe(0);
      // Refused attempts never reached the server: the POST arrived exactly once.
      expect(received).toEqual(['POST /predict {"input":"data"}']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('with the server down for good: retries for the time budget, then fails with the original error and one final line', async () => {
    const port = await refusedPort();
    // A 1 s budget instead of 20 s: waits of 250 and 500 ms, then what is left of the budget.
    const result = await runClient(`http://127.0.0.1:${port}/predict`, undefined, { SAFE_REQUESTS_BUDGET_MS: '1000' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('[safe-requests]'));
    // How many waits fit in the budget depends on how fast the machine refuses, so the count is read, not fixed.
    const reasons = lines.map((line) => line.replace(/^.* POST \S+ /, ''));
    const retries = reasons.slice(0, -1);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries[0]).toBe('failed: ECONNREFUSED (attempt 1, retrying in 250 ms)');
    retries.forEach((reason, index) => expect(reason).toMatch(new RegExp(`^failed: ECONNREFUSED \\(attempt ${index + 1}, retrying in \\d+ ms\\)$`)));
    expect(reasons.at(-1)).toMatch(new RegExp(`^failed after ${retries.length + 1} attempts over \\d+\\.\\d s: ECONNREFUSED$`));
    // The rethrown error is fetch's own, unchanged.
    expect(result.stderr).toContain('TypeError: fetch failed');
  });
});

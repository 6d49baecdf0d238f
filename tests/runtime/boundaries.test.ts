import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { retryRequests } from '../../transforms/retry-requests';
import { tempTree } from '../temp-tree';
import { refusedPort } from './loopback';

// Programs with the shapes seen on real repositories, run before and after retry-requests as
// real processes against servers on 127.0.0.1 (or a port nobody listens on).

const { root, write } = tempTree('safe-requests-boundaries-');
write('package.json', JSON.stringify({ type: 'module', dependencies: { express: '^4.22.3' } }));
// The Express server resolves express from this repository's devDependencies.
symlinkSync(join(__dirname, '..', '..', 'node_modules'), join(root, 'node_modules'), 'dir');

/** Writes `source` as `name` after retry-requests, and the helper it imports; returns the rewritten text. */
function fixed(name: string, source: string): string {
  const path = join(root, name);
  const outcome = retryRequests.run(source, path);
  writeFileSync(path, outcome.output!);
  writeFileSync(outcome.helper!.helperPath, renderRuntimeHelper(outcome.helper!.flavour));
  return outcome.output!;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Backoff shortened, so refused attempts take milliseconds; the budget leaves room for a second
// attempt even when a loaded machine takes hundreds of ms to start the first one.
const FAST = { SAFE_REQUESTS_MAX_DELAY_MS: '5', SAFE_REQUESTS_BUDGET_MS: '1000' };

function start(name: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [name], { cwd: root, env: { PATH: process.env.PATH, ...FAST, ...env } });
}

function run(name: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(name, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const safeRequestsLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('[safe-requests]'));

describe('a POST through a pass-through wrapper', () => {
  const SOURCE = [
    'const apiFetch = (...args) => fetch(...args);',
    '',
    "const response = await apiFetch(process.env.API_URL, { method: 'POST', body: 'job=1' });",
    'console.log(response.status);',
    '',
  ].join('\n');

  it('answered 503 reaches the server exactly once, and nothing is logged: the code reads the status', async () => {
    const code = fixed('wrapper.mjs', SOURCE);
    expect(code).toContain('withRetry(() => fetch(...args))');
    const received: string[] = [];
    const { server, url } = await listen((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(503).end();
    });
    try {
      const result = await run('wrapper.mjs', { API_URL: `${url}/jobs` });
      expect(result.stdout).toBe('503\n');
      expect(received).toEqual(['POST /jobs']);
      expect(safeRequestsLines(result.stderr)).toEqual([]);
    } finally {
      await close(server);
    }
  });
});

describe('an async setInterval callback whose upstream refuses', () => {
  const SOURCE = [
    'let ticks = 0;',
    'const timer = setInterval(async () => {',
    '  ticks += 1;',
    '  if (ticks === 4) clearInterval(timer);',
    "  console.log('tick', ticks);",
    '  const response = await fetch(process.env.STATUS_URL);',
    "  console.log('status', response.status);",
    '}, 20);',
    '',
  ].join('\n');

  it('dies at the first tick before the fix', async () => {
    write('poll-before.mjs', SOURCE);
    const result = await run('poll-before.mjs', { STATUS_URL: `http://127.0.0.1:${await refusedPort()}/status` });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('tick 1\n');
  });

  it('keeps running after the fix, logs each refusal and exits by itself when the timer stops', async () => {
    const code = fixed('poll.mjs', SOURCE);
    // setInterval is the retry: no withRetry, and the catch ends the failure instead of rethrowing.
    expect(code).not.toContain('withRetry');
    expect(code).not.toContain('throw error');
    const result = await run('poll.mjs', { STATUS_URL: `http://127.0.0.1:${await refusedPort()}/status` });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('tick 1\ntick 2\ntick 3\ntick 4\n');
    expect(safeRequestsLines(result.stderr)).toHaveLength(4);
    // Not wrapped in withRetry and read from process.env, not a local binding: the line names the method only.
    expect(safeRequestsLines(result.stderr)[0]).toMatch(/ GET request failed: ECONNREFUSED$/);
  });
});

describe('an Express 4 server whose handler calls a refused upstream', () => {
  const SOURCE = [
    "const express = require('express');",
    '',
    'const app = express();',
    "app.get('/proxy', async (req, res) => {",
    '  const response = await fetch(process.env.UPSTREAM_URL);',
    '  res.json(await response.json());',
    '});',
    "app.get('/ping', (req, res) => res.send('pong'));",
    "const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));",
    '',
  ].join('\n');

  async function serve(name: string, upstream: string): Promise<{ child: ChildProcessWithoutNullStreams; base: string; stderr: () => string; exited: Promise<number | null> }> {
    const child = start(name, { UPSTREAM_URL: upstream, NODE_ENV: 'production' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const port = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening (\d+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`server exited: ${stderr}`)));
    });
    return { child, base: `http://127.0.0.1:${port}`, stderr: () => stderr, exited };
  }

  // Express's final handler answers an error with a small HTML page holding the message in <pre>.
  const get = async (url: string) => {
    const response = await fetch(url);
    const body = await response.text();
    return `${response.status} ${/<pre>([^<]*)<\/pre>/.exec(body)?.[1] ?? body}`;
  };

  it('goes down with the first proxied request before the fix', async () => {
    write('server-before.cjs', SOURCE);
    const { base, exited } = await serve('server-before.cjs', `http://127.0.0.1:${await refusedPort()}/data`);
    await expect(fetch(`${base}/proxy`)).rejects.toThrow();
    expect(await exited).toBe(1);
  });

  it('keeps serving after the fix and answers 500 through next(error)', async () => {
    const code = fixed('server.cjs', SOURCE);
    expect(code).toContain("app.get('/proxy', async (req, res, next) => {");
    expect(code).toContain('next(error);');
    const { child, base, stderr, exited } = await serve('server.cjs', `http://127.0.0.1:${await refusedPort()}/data`);
    try {
      expect(await get(`${base}/proxy`)).toBe('500 Internal Server Error');
      expect(await get(`${base}/ping`)).toBe('200 pong');
      expect(await get(`${base}/proxy`)).toBe('500 Internal Server Error');
      // One final line per proxied request, from the catch that passes it to next(error).
      expect(safeRequestsLines(stderr()).filter((line) => / failed after \d+ attempts over /.test(line))).toHaveLength(2);
    } finally {
      child.kill();
      await exited;
    }
  });
});

describe('a Node script with the network down', () => {
  const SCRIPTS: Record<string, string> = {
    'floating.mjs': "fetch(process.env.FEED_URL).then((response) => response.text()).then((text) => console.log(text.length));\n",
    'main-call.mjs': [
      'async function update() {',
      '  const response = await fetch(process.env.FEED_URL);',
      '  console.log((await response.text()).length);',
      '}',
      '',
      'update();',
      '',
    ].join('\n'),
  };

  it.each(Object.keys(SCRIPTS))('%s exits 1 before and after the fix', async (name) => {
    const env = { FEED_URL: `http://127.0.0.1:${await refusedPort()}/feed.json` };
    write(`before-${name}`, SCRIPTS[name]!);
    expect((await run(`before-${name}`, env)).code).toBe(1);
    const code = fixed(name, SCRIPTS[name]!);
    expect(code).toContain('process.exitCode = 1;');
    const after = await run(name, env);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe('');
    expect(safeRequestsLines(after.stderr).at(-1)).toMatch(/ GET http:\/\/127\.0\.0\.1:\d+\/feed\.json failed after \d+ attempts over \d+\.\d s: ECONNREFUSED$/);
  });
});

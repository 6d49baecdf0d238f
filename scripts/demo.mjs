// `npm run demo`: the seed's story end to end on examples/model-client, in a temporary copy.
// 1. the client as written, 2. what ESLint says, 3. `safe-requests fix` and its diff,
// 4. `safe-requests health` before and after the model server starts,
// 5. the fixed client against a model server on 127.0.0.1 that is down for its first moments,
// 6. ESLint again. Nothing leaves 127.0.0.1. `--keep` leaves the temporary folder in place.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'dist/src/cli/bin.js');
const EXAMPLE = join(ROOT, 'examples/model-client');
const CLIENT = 'src/predict.js';
const ENV_NAME = 'MODEL_SERVING_ENDPOINT';
const DOWN_FOR_MS = 300;
const GIVE_UP_AFTER_MS = 30_000;

const steps = [];
let step = 0;

const BOLD = process.stdout.isTTY && process.env.NO_COLOR === undefined ? ['\u001b[1m', '\u001b[22m'] : ['', ''];

function section(title) {
  step++;
  process.stdout.write(`\n${BOLD[0]}━━ ${step}. ${title} ${'━'.repeat(Math.max(4, 72 - title.length))}${BOLD[1]}\n\n`);
}

function indent(text, prefix = '  ') {
  return text.replace(/\n$/, '').split('\n').map((line) => prefix + line).join('\n') + '\n';
}

function fail(message) {
  process.stderr.write(`\ndemo failed: ${message}\n`);
  process.exit(1);
}

async function lint(cwd) {
  const eslint = new ESLint({ cwd });
  const results = await eslint.lintFiles(['.']);
  const formatter = await eslint.loadFormatter('stylish');
  const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
  return { problems, text: await formatter.format(results) };
}

/** A port nobody listens on: bind to 0, read the port, close. */
function freePort() {
  return new Promise((done, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

function startModelServer(port) {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      process.stdout.write(`  server │ ${request.method} ${request.url} ${body}\n`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ prediction: 0.93, label: 'positive' }));
    });
  });
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

/** Runs the fixed client; the server comes up once it has been down DOWN_FOR_MS and the client has been refused. */
async function runAgainstLateServer(work) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}/predict`;
  process.stdout.write(`  ${ENV_NAME}=${endpoint} node ${CLIENT}\n`);
  process.stdout.write(`  (nothing listens on port ${port} yet: the model server is down)\n\n`);
  const started = Date.now();
  const client = spawn(process.execPath, [CLIENT], {
    cwd: work,
    // Refused connections are retried for the helper's 20 s budget: the late server is reached
    // whatever the random backoff draws.
    env: { ...process.env, [ENV_NAME]: endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let server;
  let refused = false;
  let stdout = '';
  const downFor = new Promise((done) => setTimeout(done, DOWN_FOR_MS));
  const bringUp = async () => {
    await downFor;
    if (server) return;
    server = startModelServer(port);
    await server;
    process.stdout.write(`  server │ up on 127.0.0.1:${port} after ${Date.now() - started} ms\n`);
  };
  client.stdout.on('data', (chunk) => {
    stdout += chunk;
    process.stdout.write(indent(String(chunk), '  client │ '));
  });
  client.stderr.on('data', (chunk) => {
    const text = String(chunk);
    process.stdout.write(indent(text, '  client │ '));
    if (!refused && /ECONNREFUSED/.test(text)) {
      refused = true;
      bringUp();
    }
  });
  const watchdog = setTimeout(() => client.kill(), GIVE_UP_AFTER_MS);
  const code = await new Promise((done) => client.on('close', done));
  clearTimeout(watchdog);
  if (server) (await server).close();
  if (!refused) fail('the client never reported "Connection refused" (ECONNREFUSED)');
  if (code !== 0) fail(`the fixed client exited with ${code}`);
  if (!stdout.includes('prediction')) fail('the fixed client printed no prediction');
  steps.push('the fixed client was refused, retried, and got its prediction once the server was up');
}

/** `safe-requests health` in the fixed project, with its variable pointing at `endpoint`. */
async function health(work, endpoint) {
  const child = spawn(process.execPath, [BIN, 'health', '--timeout', '2s'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1', [ENV_NAME]: endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((done) => child.on('close', done));
  process.stdout.write(indent(output) + `  (exit ${code})\n`);
  return { code, output };
}

/** Spawned, not run synchronously: the model server lives in this process and must answer the probe. */
async function healthBeforeAndAfter(work) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}/predict`;
  process.stdout.write(`  ${ENV_NAME}=${endpoint} safe-requests health\n  (nothing listens on port ${port}: the model server is down)\n\n`);
  const down = await health(work, endpoint);
  if (down.code !== 1 || !/ECONNREFUSED/.test(down.output)) fail('safe-requests health did not report the refused model server with exit 1');
  const server = await startModelServer(port);
  process.stdout.write(`\n  (the model server is up on 127.0.0.1:${port})\n  ${ENV_NAME}=${endpoint} safe-requests health\n\n`);
  const up = await health(work, endpoint);
  server.close();
  if (up.code !== 0 || !/up 200/.test(up.output)) fail('safe-requests health did not report the running model server as up with exit 0');
  steps.push('safe-requests health reported the model server refused (exit 1), then up (exit 0) once it started');
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'safe-requests-demo-'));
  try {
    cpSync(EXAMPLE, work, { recursive: true, filter: (source) => !source.includes('node_modules') });
    // The example's eslint.config.js imports the plugin by name: point that name at this build.
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(ROOT, join(work, 'node_modules/eslint-plugin-safe-requests'), 'junction');

    section("The client, with the seed's bug");
    process.stdout.write(`  ${work}/${CLIENT}\n\n${indent(readFileSync(join(work, CLIENT), 'utf8'), '  │ ')}`);

    section('What ESLint reports (eslint-plugin-safe-requests, recommended config)');
    const before = await lint(work);
    process.stdout.write(indent(before.text.trim() || 'no problems'));
    if (before.problems === 0) fail('ESLint found nothing to report on the example');
    steps.push(`ESLint found ${before.problems} problems in the original client`);

    section('safe-requests fix');
    const fix = spawnSync(process.execPath, [BIN, 'fix'], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    process.stdout.write(indent(fix.stdout + fix.stderr));
    if (fix.status !== 0) fail(`safe-requests fix exited with ${fix.status}`);
    process.stdout.write(`\n  .env.example:\n${indent(readFileSync(join(work, '.env.example'), 'utf8'), '  │ ')}`);
    // The timeout is created inside the retried closure: each attempt gets its own.
    if (!/withRetry\(\(attempt\) => fetch\([^]*signal: AbortSignal\.timeout\(10000\),\n\s*\}\)/.test(readFileSync(join(work, CLIENT), 'utf8'))) {
      fail('the fixed client has no per-attempt AbortSignal.timeout() inside withRetry');
    }
    steps.push('safe-requests fix moved the endpoint to MODEL_SERVING_ENDPOINT, gave the request a timeout per attempt and wrapped it in withRetry');

    section('safe-requests health: is the model server reachable from here?');
    await healthBeforeAndAfter(work);

    section('The fixed client against a model server that is still down when it starts');
    await runAgainstLateServer(work);

    section('ESLint again');
    const after = await lint(work);
    process.stdout.write(indent(after.text.trim() || '✔ no problems'));
    if (after.problems !== 0) fail(`ESLint still reports ${after.problems} problems`);
    steps.push('ESLint finds nothing in the fixed project');

    section('Done');
    process.stdout.write(steps.map((line) => `  ✔ ${line}\n`).join(''));
    if (process.argv.includes('--keep')) process.stdout.write(`\n  the project is left in ${work}\n`);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
}

await main();

import { describe, expect, it } from 'vitest';
import { formatTransition, type Transition } from '../../src/cli/format-health';
import { checkEndpoints, mapLimited, type HealthEntry } from '../../src/cli/health/check';
import type { CheckEndpoint, ProbeResult } from '../../src/cli/health/types';
import { collectEndpoints, resolveEndpoint, type ResolvedEndpoint } from '../../src/cli/health/endpoints';
import { parseDuration } from '../../src/cli/health/options';
import { watchHealth } from '../../src/cli/health/watch';
import type { InventoryEntry } from '../../src/cli/report';

// The parts of `health` that need no network: the watch loop's transitions on scripted rounds,
// the concurrency limit, probe sharing, resolution and durations.

function entry(healthy: boolean, code: string | null = null, stage: HealthEntry['stage'] = 'http'): HealthEntry {
  return {
    variable: 'MODEL_URL',
    source: 'env',
    locations: [{ path: 'src/a.js', line: 1, column: 1 }],
    url: 'http://127.0.0.1:1/',
    healthy,
    stage,
    method: healthy ? 'HEAD' : null,
    status: healthy ? 200 : null,
    code,
    message: null,
    retryAfterMs: null,
    latencyMs: 2,
    timings: {},
    address: null,
  };
}

describe('watchHealth', () => {
  const up = entry(true);
  const refused = entry(false, 'ECONNREFUSED', 'tcp');
  const hanging = entry(false, 'ETIMEDOUT', 'http');

  async function watchScript(rounds: HealthEntry[][], options: { maxRounds?: number; signal?: AbortSignal } = {}) {
    let round = 0;
    let clock = Date.parse('2026-12-01T10:00:00.000Z');
    const reports: Array<{ time: string; changes: string[] }> = [];
    const last = await watchHealth(
      async () => rounds[round++]!,
      (transitions) => reports.push({ time: transitions[0]?.time ?? '', changes: transitions.map(change) }),
      { intervalMs: 1, signal: options.signal ?? new AbortController().signal, maxRounds: options.maxRounds ?? rounds.length, now: () => new Date((clock += 1000)) },
    );
    return { last, reports };
  }
  const change = (transition: Transition) => `${transition.previous?.code ?? (transition.previous ? 'up' : '-')} → ${transition.entry.code ?? 'up'}`;

  it('reports every endpoint on the first round, then only changes of state, with the round time', async () => {
    const { last, reports } = await watchScript([[refused, up], [refused, up], [up, up], [up, hanging], [up, refused]]);
    expect(reports).toEqual([
      { time: '2026-12-01T10:00:01.000Z', changes: ['- → ECONNREFUSED', '- → up'] },
      { time: '', changes: [] },
      { time: '2026-12-01T10:00:03.000Z', changes: ['ECONNREFUSED → up'] },
      // From one failure to another is a change too.
      { time: '2026-12-01T10:00:04.000Z', changes: ['up → ETIMEDOUT'] },
      { time: '2026-12-01T10:00:05.000Z', changes: ['ETIMEDOUT → ECONNREFUSED'] },
    ]);
    expect(last).toEqual([up, refused]);
  });

  it('stops when the signal fires during the wait, and drops a round the signal cut short', async () => {
    const controller = new AbortController();
    let rounds = 0;
    const reported: number[] = [];
    const last = await watchHealth(
      async () => {
        rounds++;
        if (rounds === 2) controller.abort();
        return [rounds === 1 ? up : refused];
      },
      () => reported.push(rounds),
      { intervalMs: 10, signal: controller.signal },
    );
    expect(rounds).toBe(2);
    expect(reported).toEqual([1]);
    expect(last).toEqual([up]);
    const never = new AbortController();
    never.abort();
    expect(await watchHealth(async () => [up], () => undefined, { intervalMs: 10, signal: never.signal })).toBeUndefined();
  });

  it('a transition line names the endpoint, the URL and both states', () => {
    const line = formatTransition({ time: '2026-12-01T10:00:03.000Z', entry: up, previous: refused }, { color: false });
    expect(line).toBe('2026-12-01T10:00:03.000Z  MODEL_URL  http://127.0.0.1:1/  down (tcp ECONNREFUSED, 2 ms) → up 200 (HEAD, 2 ms)\n');
  });
});

describe('checkEndpoints', () => {
  function resolved(url: string | null, path = '/'): ResolvedEndpoint {
    return { variable: 'X', defaultOrigin: null, locations: [{ path: 'a.js', line: 1, column: 1 }], source: url ? 'env' : null, url, path, anyAnswer: path === '/' };
  }
  const ok = (url: string): ProbeResult => ({ ok: true, url, stage: 'http', status: 200, latencyMs: 1, timings: {} });

  it('probes each origin and path once, never more than --concurrency at a time', async () => {
    let running = 0;
    let most = 0;
    const calls: string[] = [];
    const check: CheckEndpoint = async (url, options) => {
      calls.push(`${url} ${options.path}`);
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return ok(url);
    };
    const endpoints = ['a', 'b', 'c', 'd'].map((host) => resolved(`http://${host}.test:1/x`));
    const entries = await checkEndpoints([...endpoints, resolved('http://a.test:1/other'), resolved('http://a.test:1/', '/health')], { timeoutMs: 100, concurrency: 2, insecure: false, check });
    expect(most).toBe(2);
    expect(calls).toEqual(['http://a.test:1/x /', 'http://b.test:1/x /', 'http://c.test:1/x /', 'http://d.test:1/x /', 'http://a.test:1/ /health']);
    expect(entries).toHaveLength(6);
    expect(entries.every((entry) => entry.healthy)).toBe(true);
  });

  it('an endpoint with nothing to probe is unhealthy at the url stage without a call', async () => {
    const check: CheckEndpoint = async () => {
      throw new Error('not called');
    };
    const [entry] = await checkEndpoints([resolved(null)], { timeoutMs: 100, concurrency: 1, insecure: false, check });
    expect(entry).toMatchObject({ healthy: false, stage: 'url', code: 'ENV_NOT_SET', url: null, latencyMs: null });
  });

  it('mapLimited keeps the order of the items', async () => {
    expect(await mapLimited([30, 10, 20], 3, (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)))).toEqual([30, 10, 20]);
  });
});

describe('endpoints from the inventory', () => {
  const row = (line: number, targets: InventoryEntry['targets']): InventoryEntry =>
    ({ path: 'src/a.js', line, column: 1, targets }) as unknown as InventoryEntry;

  it('one endpoint per variable and default origin, with every place that uses it', () => {
    const endpoints = collectEndpoints([
      row(3, [{ variable: 'MODEL_URL', origin: 'https://m.acme.io' }]),
      row(1, [{ variable: null, origin: 'http://127.0.0.1:5000' }]),
      row(7, [{ variable: 'MODEL_URL', origin: 'https://m.acme.io' }, { variable: 'BACKUP_URL', origin: null }]),
    ]);
    expect(endpoints.map((endpoint) => [endpoint.variable, endpoint.locations.map((location) => location.line)])).toEqual([
      [null, [1]],
      ['MODEL_URL', [3, 7]],
      ['BACKUP_URL', [7]],
    ]);
  });

  it('an empty variable counts as unset; a health path per origin applies to the resolved URL', () => {
    const [endpoint] = collectEndpoints([row(1, [{ variable: 'MODEL_URL', origin: 'https://m.acme.io' }])]);
    const config = { paths: { 'http://10.0.0.7:8080': '/ready' } };
    expect(resolveEndpoint(endpoint!, { env: { MODEL_URL: '' }, envFile: undefined, config, path: undefined })).toMatchObject({
      source: 'default',
      url: 'https://m.acme.io',
      path: '/',
      anyAnswer: true,
    });
    expect(resolveEndpoint(endpoint!, { env: { MODEL_URL: 'http://10.0.0.7:8080/predict' }, envFile: undefined, config, path: '/health' })).toMatchObject({
      source: 'env',
      path: '/ready',
      anyAnswer: false,
    });
  });
});

describe('durations', () => {
  it.each([
    ['250', 250],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2m', 120_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, 1)).toBe(ms);
  });

  it('refuses what is not a duration or is too short', () => {
    expect(() => parseDuration('5 seconds', 1)).toThrow('must be a duration');
    expect(() => parseDuration('50ms', 100)).toThrow('at least 100 ms');
  });
});

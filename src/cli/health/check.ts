import { runtimeCheckEndpoint } from './check-endpoint';
import { probeKey, type ResolvedEndpoint } from './endpoints';
import type { CheckEndpoint, HealthEntry, ProbeResult } from './types';

export type { HealthEntry } from './types';

/** One round of probes: each distinct origin and path once, at most `concurrency` at a time. */

export interface ProbeOptions {
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly insecure: boolean;
  readonly signal?: AbortSignal;
  /** Tests count calls; the CLI runs the helper's own. */
  readonly check?: CheckEndpoint;
  /** `settings['safe-requests'].redact`: masked in every URL shown, as the helper's log masks them. */
  readonly redact?: readonly string[];
}

export async function checkEndpoints(endpoints: readonly ResolvedEndpoint[], options: ProbeOptions): Promise<HealthEntry[]> {
  const check = options.check ?? runtimeCheckEndpoint(options.redact);
  const probes = new Map<string, ResolvedEndpoint>();
  for (const endpoint of endpoints) if (endpoint.url !== null && !probes.has(probeKey(endpoint))) probes.set(probeKey(endpoint), endpoint);
  const results = await mapLimited([...probes.values()], options.concurrency, (endpoint) =>
    check(endpoint.url!, {
      path: endpoint.path,
      timeoutMs: options.timeoutMs,
      insecure: options.insecure,
      signal: options.signal,
      // On / a 404 or a 401 still shows a server that answers; a named health path must succeed.
      healthyStatus: endpoint.anyAnswer ? (status) => status < 500 : undefined,
    }),
  );
  const byKey = new Map([...probes.keys()].map((key, index) => [key, results[index]!]));
  return endpoints.map((endpoint) => toEntry(endpoint, endpoint.url === null ? undefined : byKey.get(probeKey(endpoint))));
}

function toEntry(endpoint: ResolvedEndpoint, check: ProbeResult | undefined): HealthEntry {
  const { variable, source, locations } = endpoint;
  if (check === undefined) {
    return {
      variable,
      source,
      locations,
      url: null,
      healthy: false,
      stage: 'url',
      method: null,
      status: null,
      code: 'ENV_NOT_SET',
      message: `${variable} is not set and the code has no default`,
      retryAfterMs: null,
      latencyMs: null,
      timings: {},
      address: null,
    };
  }
  return {
    variable,
    source,
    locations,
    url: check.url,
    healthy: check.ok,
    stage: check.stage,
    method: check.method ?? null,
    status: check.status ?? null,
    code: check.code ?? null,
    message: check.message ?? null,
    retryAfterMs: check.retryAfterMs ?? null,
    latencyMs: check.latencyMs,
    timings: check.timings,
    address: check.address ?? null,
  };
}

/** `work` over every item, at most `limit` running at once; results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// The types the parts of `safe-requests health` share. No imports: a test compiles this file
// beside the generated helper, to check that the helper's checkEndpoint takes what the CLI passes
// and returns what the CLI reads (the helper declares its own types in its source text).

export interface Location {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export type UrlSource = 'env' | 'env-file' | 'default' | 'code';

export type ProbeStage = 'url' | 'dns' | 'tcp' | 'tls' | 'http';

/** One endpoint after a round: where the code uses it, where its URL came from, how the probe went. */
export interface HealthEntry {
  readonly variable: string | null;
  readonly source: UrlSource | null;
  readonly locations: readonly Location[];
  /** What was probed, redacted by the helper; null when nothing is configured. */
  readonly url: string | null;
  readonly healthy: boolean;
  /** The last stage reached; 'url' when there was nothing to probe. */
  readonly stage: ProbeStage;
  readonly method: 'HEAD' | 'GET' | null;
  readonly status: number | null;
  /** ECONNREFUSED, ETIMEDOUT, HTTP_503, ENV_NOT_SET… */
  readonly code: string | null;
  readonly message: string | null;
  readonly retryAfterMs: number | null;
  /** null when nothing was probed. */
  readonly latencyMs: number | null;
  readonly timings: Readonly<Partial<Record<Exclude<ProbeStage, 'url'>, number>>>;
  readonly address: string | null;
}

/** What the CLI passes to checkEndpoint. */
export interface ProbeRequest {
  readonly path: string;
  readonly timeoutMs: number;
  readonly insecure: boolean;
  readonly signal: AbortSignal | undefined;
  readonly healthyStatus: ((status: number) => boolean) | undefined;
}

type Optional<K extends keyof HealthEntry> = { readonly [P in K]?: Exclude<HealthEntry[P], null> | undefined };

/** What the CLI reads of checkEndpoint's result: a HealthEntry's probe part, where the helper may leave fields out. */
export type ProbeResult = Pick<HealthEntry, 'stage' | 'timings' | 'latencyMs'> &
  Optional<'method' | 'status' | 'code' | 'message' | 'retryAfterMs' | 'address'> & { readonly ok: boolean; readonly url: string };

export type CheckEndpoint = (url: string, options: ProbeRequest) => Promise<ProbeResult>;

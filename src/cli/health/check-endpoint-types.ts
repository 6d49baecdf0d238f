// The generated helper's health-check types (src/runtime-helper.ts), for the CLI, which runs
// that code. Kept without imports: a test type-checks this file against the helper's own.

export type EndpointCheckStage = 'url' | 'dns' | 'tcp' | 'tls' | 'http';

export interface CheckEndpointOptions {
  path?: string | undefined;
  timeoutMs?: number | undefined;
  healthyStatus?: ((status: number) => boolean) | undefined;
  insecure?: boolean | undefined;
  signal?: AbortSignal | null | undefined;
}

export interface EndpointCheck {
  ok: boolean;
  url: string;
  stage: EndpointCheckStage;
  method?: 'HEAD' | 'GET' | undefined;
  status?: number | undefined;
  code?: string | undefined;
  message?: string | undefined;
  retryAfterMs?: number | undefined;
  address?: string | undefined;
  latencyMs: number;
  timings: { dns?: number; tcp?: number; tls?: number; http?: number };
}

import { DEFAULT_ENDPOINT_OPTIONS, findHardcodedEndpoints, type EndpointOptions } from '../endpoints';
import { detectEnvAccess, envReadsIn, unexposedEnvName } from '../env-access';
import { assignEnvNames } from '../env-name';
import { isTestFile } from '../file-kinds';
import { findPackageRoot, packageRelativePath } from '../package-root';
import { parseForAnalysis } from '../parse';
import { OptionReader } from '../transform-options';
import type { RunConfig } from './config';

/**
 * The first of a run's two phases: every file reports its hardcoded endpoints with the shared
 * name proposal and the variables it already reads; one assignment over the whole run then gives
 * the same URL the same name in every file, whatever the order the workers finished in.
 */

export interface CollectedNames {
  /** Endpoints env-endpoints will rewrite (no secrets), with the shared proposal. */
  readonly proposals: ReadonlyArray<{ readonly url: string; readonly proposed: string }>;
  /** `process.env.X ?? 'url'` already in the file: [url, X]. */
  readonly known: ReadonlyArray<readonly [string, string]>;
  /** Names the file reads already, without a Vite or Next.js prefix. */
  readonly reserved: readonly string[];
}

const NOTHING: CollectedNames = { proposals: [], known: [], reserved: [] };

/** The finder options env-endpoints reads from its own options (validated by the transform itself). */
export function endpointFinderOptions(config: RunConfig): EndpointOptions {
  const raw = config.transformOptions['env-endpoints'];
  const reader = new OptionReader('env-endpoints', raw, Object.keys(raw));
  return {
    ...DEFAULT_ENDPOINT_OPTIONS,
    allowedHosts: reader.stringList('allowedHosts', DEFAULT_ENDPOINT_OPTIONS.allowedHosts),
    ignore: reader.stringList('ignore', DEFAULT_ENDPOINT_OPTIONS.ignore),
    envFallback: 'allow',
  };
}

export function collectEndpointNames(text: string, absPath: string, config: RunConfig): CollectedNames {
  if (!text.includes('://')) return NOTHING;
  const root = findPackageRoot(absPath);
  // env-endpoints leaves test doubles alone, so their URLs must not take names either.
  if (isTestFile(packageRelativePath(absPath, root))) return NOTHING;
  const { ast, scopeManager } = parseForAnalysis(text, absPath);
  const findings = findHardcodedEndpoints({ ast, scopeManager, settings: config.settings, text }, endpointFinderOptions(config));
  const reads = envReadsIn(ast);
  const access = detectEnvAccess({ program: ast, text, filePath: absPath }, root);
  return {
    proposals: findings.filter((finding) => !finding.secret).map((finding) => ({ url: finding.replacedText, proposed: finding.proposedEnvName })),
    known: [...reads.defaults],
    reserved: [...reads.names].map((name) => unexposedEnvName(access, name)),
  };
}

/** URL text → name for the whole run; the result does not depend on the order of `files`. */
export function assignRunEnvNames(files: readonly CollectedNames[]): Record<string, string> {
  const known = new Map<string, string>();
  const reserved = new Set<string>();
  for (const file of files) {
    for (const [url, name] of file.known) {
      const current = known.get(url);
      if (current === undefined || name < current) known.set(url, name);
    }
    for (const name of file.reserved) reserved.add(name);
  }
  const proposals = files.flatMap((file) => file.proposals).filter(({ url }) => !known.has(url));
  const assigned = assignEnvNames(proposals, new Set([...reserved, ...known.values()]));
  const all = [...assigned, ...known].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(all);
}

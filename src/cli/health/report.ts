import { PACKAGE_NAME, PACKAGE_VERSION } from '../../package-info';
import { ExitCode } from '../exit-codes';
import { REPORT_VERSION, type FileEntry, type InventoryReport } from '../report';
import type { HealthEntry } from './check';

/** One round of `safe-requests health` as data: the `--format json` document and what the other formats print. */

export interface HealthSummary {
  readonly filesScanned: number;
  readonly filesFailed: number;
  readonly endpoints: number;
  readonly healthy: number;
  readonly unhealthy: number;
}

export interface HealthReport {
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly command: 'health';
  /** 0 all healthy, 1 any unhealthy, 2 a file failed (the inventory is incomplete). */
  readonly exitCode: number;
  /** ISO time the round finished. */
  readonly checkedAt: string;
  readonly summary: HealthSummary;
  /** In the order of their first use in the code. */
  readonly endpoints: readonly HealthEntry[];
  /** Files the inventory skipped or could not read. */
  readonly files: readonly FileEntry[];
}

export function healthReport(inventory: InventoryReport, entries: readonly HealthEntry[], checkedAt: Date): HealthReport {
  const unhealthy = entries.filter((entry) => !entry.healthy).length;
  const { filesScanned, filesFailed } = inventory.summary;
  return {
    version: REPORT_VERSION,
    tool: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    command: 'health',
    exitCode: filesFailed > 0 ? ExitCode.FileFailed : unhealthy > 0 ? ExitCode.Unhealthy : ExitCode.Ok,
    checkedAt: checkedAt.toISOString(),
    summary: { filesScanned, filesFailed, endpoints: entries.length, healthy: entries.length - unhealthy, unhealthy },
    endpoints: entries,
    files: inventory.files,
  };
}

import { GLOBAL_MAP, MODULE_MAPS } from '../clients';
import type { SafeRequestsSettings } from '../settings';
import type { TransformName } from '../transform-api';

/**
 * The cheap text test that runs before parsing: a file can only hold a request if it names a
 * client module or global from the client table (or a settings-declared client module), and only
 * hold an endpoint if it holds `://`. Parsing is the expensive step, so most files stop here.
 */

/** Every absolute URL the endpoint analysis accepts (http, https, ws, wss) contains it. */
const URL_NEEDLE = '://';

export function requestNeedles(settings: SafeRequestsSettings): string[] {
  return minimalNeedles([...Object.keys(MODULE_MAPS), ...Object.keys(GLOBAL_MAP), ...Object.keys(settings.clients)]);
}

/** What a file must contain to be worth parsing for these transforms (`list` asks for both). */
export function needlesFor(transforms: readonly TransformName[], settings: SafeRequestsSettings): string[] {
  const needles = transforms.includes('retry-requests') ? requestNeedles(settings) : [];
  return transforms.includes('env-endpoints') ? minimalNeedles([...needles, URL_NEEDLE]) : needles;
}

export function mayNeedWork(text: string, needles: readonly string[]): boolean {
  return needles.some((needle) => text.includes(needle));
}

/** `fetch` already finds `node-fetch`, `http` finds `node:https`: keep only needles no other needle is part of. */
function minimalNeedles(needles: readonly string[]): string[] {
  const unique = [...new Set(needles)];
  return unique.filter((needle) => !unique.some((other) => other !== needle && needle.includes(other))).sort();
}

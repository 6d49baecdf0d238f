import { mayMentionClient } from '../clients';
import { mayHoldEndpoint } from '../endpoints';
import type { SafeRequestsSettings } from '../settings';
import type { TransformName } from '../transform-api';

/**
 * The cheap text test that runs before parsing: a file is parsed only when one of `transforms`
 * could change it. Each side asks the core's own pre-check, so the filter lets through every file
 * a transform would rewrite: an endpoint (a URL, or a bare host for node:http) for env-endpoints,
 * a client's module name or global for retry-requests. Parsing is the expensive step, so most files stop here.
 */
export function mayNeedWork(text: string, transforms: readonly TransformName[], settings: SafeRequestsSettings): boolean {
  return (
    (transforms.includes('env-endpoints') && mayHoldEndpoint(text)) ||
    (transforms.includes('retry-requests') && mayMentionClient(text, settings.clients))
  );
}

import { mayMentionClient } from '../analysis/clients';
import { commentFreeText } from './comment-free-text';
import { mayHoldEndpoint } from '../analysis/endpoints';
import type { SafeRequestsSettings } from '../analysis/settings';
import type { TransformName } from '../rewrite/transform-api';

/**
 * The cheap text test that runs before parsing: a file is parsed only when one of `transforms`
 * could change it. Each side asks the core's own pre-check, so the filter lets through every file
 * a transform would rewrite: an endpoint (a URL, or a bare host for node:http) and something it
 * could reach for env-endpoints, a client's module name or global for timeouts and retry-requests. Parsing is
 * the expensive step, so most files stop here; a file that passes is asked again without its
 * comments, where licence headers and JSDoc mention `fetch` and `http` without a request.
 */
export function mayNeedWork(text: string, filePath: string, transforms: readonly TransformName[], settings: SafeRequestsSettings): boolean {
  if (!textMayNeedWork(text, transforms, settings)) return false;
  const code = commentFreeText(text, filePath);
  return code === undefined || textMayNeedWork(code, transforms, settings);
}

/** The same test on the text as it is, comments included: cheaper, and never stricter. */
export function textMayNeedWork(text: string, transforms: readonly TransformName[], settings: SafeRequestsSettings): boolean {
  return (
    (transforms.includes('env-endpoints') && mayHoldEndpoint(text, settings.clients)) ||
    ((transforms.includes('timeouts') || transforms.includes('retry-requests')) && mayMentionClient(text, settings.clients))
  );
}

import { compileFunction } from 'node:vm';
import { renderRuntimeHelper, RUNTIME_HELPER_BASENAME } from '../../runtime/runtime-helper';
import type { CheckEndpoint } from './types';

/**
 * The generated helper's checkEndpoint, run by the CLI itself: one probe and one redactor for
 * applications and for `safe-requests health`.
 */

const loaded = new Map<string, CheckEndpoint>();

/**
 * The CommonJS flavour, evaluated once per set of `redact` patterns (`settings['safe-requests'].redact`,
 * which it masks in the URLs it returns) in this process; no file is written.
 */
export function runtimeCheckEndpoint(redact: readonly string[] = []): CheckEndpoint {
  const key = JSON.stringify(redact);
  let checkEndpoint = loaded.get(key);
  if (checkEndpoint === undefined) {
    const exports: { checkEndpoint?: CheckEndpoint } = {};
    compileFunction(renderRuntimeHelper('cjs', { redact }), ['exports'], { filename: `${RUNTIME_HELPER_BASENAME}.cjs` })(exports);
    checkEndpoint = exports.checkEndpoint!;
    loaded.set(key, checkEndpoint);
  }
  return checkEndpoint;
}

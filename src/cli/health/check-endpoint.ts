import { compileFunction } from 'node:vm';
import { renderRuntimeHelper, RUNTIME_HELPER_BASENAME } from '../../runtime/runtime-helper';
import type { CheckEndpoint } from './types';

/**
 * The generated helper's checkEndpoint, run by the CLI itself: one probe and one redactor for
 * applications and for `safe-requests health`.
 */

let loaded: CheckEndpoint | undefined;

/** The CommonJS flavour, evaluated once in this process (no file is written). */
export function runtimeCheckEndpoint(): CheckEndpoint {
  if (loaded === undefined) {
    const exports: { checkEndpoint?: CheckEndpoint } = {};
    compileFunction(renderRuntimeHelper('cjs'), ['exports'], { filename: `${RUNTIME_HELPER_BASENAME}.cjs` })(exports);
    loaded = exports.checkEndpoint!;
  }
  return loaded;
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import { renderRuntimeHelper } from '../runtime/runtime-helper';
import type { CodeTransform, TransformOptions } from './transform-api';

/** Flags jscodeshift passes to every transform along with the user's own options. */
const JSCODESHIFT_FLAGS = new Set([
  '_', 'babel', 'cpus', 'dry', 'extensions', 'ignoreConfig', 'ignorePattern', 'gitignore', 'parser', 'parserConfig',
  'print', 'runInBand', 'silent', 'stdin', 'transform', 'verbose', 'failOnError', 'version', 'help', 'fail-on-error',
  'run-in-band', 'ignore-config', 'ignore-pattern', 'parser-config',
]);

/**
 * Wraps one of our transforms in jscodeshift's `(file, api, options)` interface. We choose the
 * parser per file ourselves and splice text, so jscodeshift's `--parser` does not matter.
 */
export function toJscodeshiftTransform(transform: CodeTransform) {
  return function jscodeshiftTransform(file: FileInfo, api: API, options: Options): string | undefined {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) if (!JSCODESHIFT_FLAGS.has(key)) own[key] = value;
    const outcome = transform.run(file.source, file.path, own as TransformOptions);
    for (const item of outcome.manualReview) {
      api.report(`${file.path}:${item.line}:${item.column} manual review (${item.reason}): ${item.message}`);
    }
    // Without our CLI there is nobody else to write the helper a rewritten file imports.
    if (outcome.output !== null && outcome.helper && !options.dry && !existsSync(outcome.helper.helperPath)) {
      mkdirSync(dirname(outcome.helper.helperPath), { recursive: true });
      writeFileSync(outcome.helper.helperPath, renderRuntimeHelper(outcome.helper.flavour, { redact: outcome.helper.redact }), { flag: 'wx' });
    }
    return outcome.output ?? undefined;
  };
}

import type { TSESLint } from '@typescript-eslint/utils';
import type { FileInput } from '../analysis/requests';
import { readSettings, type SafeRequestsSettings } from '../analysis/settings';

const settingsCache = new WeakMap<object, SafeRequestsSettings>();

/** What the core needs from an ESLint rule context; all four rules share one request index per file. */
export function fileInputFromContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileInput {
  const { sourceCode } = context;
  return {
    ast: sourceCode.ast,
    scopeManager: sourceCode.scopeManager,
    settings: settingsOf(context.settings),
    text: sourceCode.text,
    filePath: context.filename,
  };
}

function settingsOf(all: Record<string, unknown>): SafeRequestsSettings {
  const raw = all['safe-requests'];
  if (typeof raw !== 'object' || raw === null) return readSettings(raw);
  let settings = settingsCache.get(raw);
  if (!settings) {
    settings = readSettings(raw);
    settingsCache.set(raw, settings);
  }
  return settings;
}

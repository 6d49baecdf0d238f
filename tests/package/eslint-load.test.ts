import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The built package, loaded the way users load it: a temporary project whose flat config
 * imports (ESM) or requires (CommonJS) `eslint-plugin-safe-requests`, linted by the ESLint
 * class of ESLint 10 and of ESLint 9 (installed as the `eslint9` alias).
 */
const repoRoot = resolve(__dirname, '..', '..');
const requireFromRepo = createRequire(join(repoRoot, 'package.json'));

const CONFIGS = {
  'eslint.config.mjs': `import safeRequests from 'eslint-plugin-safe-requests';\nexport default [...safeRequests.configs.recommended];\n`,
  'eslint.config.cjs': `const safeRequests = require('eslint-plugin-safe-requests');\nmodule.exports = [...safeRequests.configs.recommended];\n`,
} as const;

const SOURCE = `export async function predict(input) {\n  const response = await fetch(process.env.MODEL_URL, { method: 'POST', body: input });\n  return response.json();\n}\nawait predict('data');\n`;

const project = mkdtempSync(join(tmpdir(), 'safe-requests-load-'));
mkdirSync(join(project, 'node_modules'));
symlinkSync(repoRoot, join(project, 'node_modules', 'eslint-plugin-safe-requests'), 'dir');
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'load-test', type: 'module' }));
writeFileSync(join(project, 'client.js'), SOURCE);
for (const [name, text] of Object.entries(CONFIGS)) writeFileSync(join(project, name), text);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.each([
  ['ESLint 10', 'eslint', 10],
  ['ESLint 9', 'eslint9', 9],
])('%s', (_label, moduleName, major) => {
  const { ESLint } = requireFromRepo(moduleName) as typeof import('eslint');

  it(`is ESLint ${major}`, () => {
    expect(Number(ESLint.version.split('.')[0])).toBe(major);
  });

  describe.each(Object.keys(CONFIGS))('with %s', (configFile) => {
    it('reports the unhandled, unbounded request through the recommended config', async () => {
      const eslint = new ESLint({ cwd: project, overrideConfigFile: join(project, configFile) });
      const [result] = await eslint.lintFiles(['client.js']);
      const messages = result!.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column }));
      expect(messages).toEqual([
        { ruleId: 'safe-requests/require-error-handling', line: 2, column: 26 },
        { ruleId: 'safe-requests/require-timeout', line: 2, column: 26 },
      ]);
    });

    it('exposes meta, rules and the three configs', async () => {
      const eslint = new ESLint({ cwd: project, overrideConfigFile: join(project, configFile) });
      const config = (await eslint.calculateConfigForFile('client.js')) as { plugins: Record<string, unknown> };
      const plugin = config.plugins['safe-requests'] as { meta: { name: string }; rules: object; configs: object };
      expect(plugin.meta.name).toBe('eslint-plugin-safe-requests');
      expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'strict']);
      expect(Object.keys(plugin.rules).sort()).toEqual([
        'no-hardcoded-endpoint',
        'require-error-handling',
        'require-retry',
        'require-timeout',
      ]);
    });
  });
});

import { ESLint, type Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { SEED_CLIENT } from './built-package';

/**
 * A config used under `extends` in an object with its own `files`: the test-file exclusion must
 * survive the merge in both helpers that offer `extends`, since it is the rules object's `ignores`.
 */
const SHAPES: [string, Linter.Config[]][] = [
  ["eslint/config's defineConfig", defineConfig({ files: ['src/**'], extends: [plugin.configs.recommended] })],
  ["typescript-eslint's config", tseslint.config({ files: ['src/**'], extends: [plugin.configs.recommended] }) as Linter.Config[]],
];

describe.each(SHAPES)('%s({ files: [src/**], extends: [recommended] })', (_label, config) => {
  const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: config });

  async function problems(filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(SEED_CLIENT, { filePath });
    return result!.messages.map((message) => `${message.line} ${message.ruleId}`);
  }

  it('turns the rules on for source files under files', async () => {
    expect(await problems('src/client.js')).toEqual([
      '2 safe-requests/require-error-handling',
      '2 safe-requests/require-timeout',
      '2 safe-requests/no-hardcoded-endpoint',
    ]);
  });

  it.each(['src/client.test.js', 'src/client.spec.js', 'src/__tests__/client.js', 'src/__mocks__/client.js', 'src/e2e/client.js', 'src/fixtures/client.js'])(
    'leaves every rule off for the test file %s',
    async (filePath) => {
      expect(await problems(filePath)).toEqual([]);
    },
  );

  it('leaves files outside files alone', async () => {
    expect(await problems('scripts/client.js')).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { SOURCE_EXTENSIONS } from '../../src/analysis/file-kinds';
import plugin from '../../src/index';
import { parseForAnalysis, SourceParseError } from '../../src/rewrite/parse';
import type { CodeTransform, TransformOptions } from '../../src/rewrite/transform-api';

/**
 * Auto-discovered transform fixtures: tests/transforms/fixtures/<transform>/<case>/ holds
 * `input.<ext>` (any name starting with `input.`), optionally `output.<ext>` (absent: the input
 * must come back unchanged), `options.json`, `error.txt` (the input must be refused with a
 * SourceParseError whose message contains that text, and nothing is written), and
 * `remaining.json` (reports the transform deliberately leaves, as `"line:column ruleId"`,
 * e.g. a URL carrying a secret; absent means none), and `review.json` (the transform's
 * manual-review items, as `"line:column reason"`; absent: not checked). Files beside the input
 * (package.json, index.html, vite.config.js, deno.json) make the project the file runs in. The
 * rules see `options.json`'s `settings`.
 * Every case checks: exact output (no trimming), idempotence, that the output parses, and that
 * the companion rules report nothing on the output.
 */
export interface FixtureSuite {
  readonly transform: CodeTransform;
  /** Rules (ids with the `safe-requests/` prefix) that must be silent on every output. */
  readonly companionRules: Linter.RulesRecord;
  readonly settings?: Record<string, unknown>;
}

export const FIXTURES_ROOT = join(__dirname, 'fixtures');

export interface Fixture {
  readonly name: string;
  readonly dir: string;
  readonly inputPath: string;
  readonly input: string;
  readonly expected: string | null;
  readonly options: TransformOptions;
  readonly error: string | null;
  readonly remaining: readonly string[];
  readonly review: readonly string[] | null;
}

export function loadFixtures(transformName: string): Fixture[] {
  const root = join(FIXTURES_ROOT, transformName);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const files = readdirSync(dir);
      const inputName = files.find((file) => file.startsWith('input.'));
      if (!inputName) throw new Error(`fixture ${transformName}/${name} has no input.* file`);
      const outputName = files.find((file) => file.startsWith('output.'));
      const read = (file: string | undefined): string | null => (file ? readFileSync(join(dir, file), 'utf8') : null);
      return {
        name,
        dir,
        inputPath: join(dir, inputName),
        input: read(inputName)!,
        expected: read(outputName),
        options: existsSync(join(dir, 'options.json')) ? (JSON.parse(read('options.json')!) as TransformOptions) : {},
        error: read(files.find((file) => file === 'error.txt'))?.trim() ?? null,
        remaining: files.includes('remaining.json') ? (JSON.parse(read('remaining.json')!) as string[]) : [],
        review: files.includes('review.json') ? (JSON.parse(read('review.json')!) as string[]) : null,
      };
    });
}

export function lintWith(code: string, filePath: string, rules: Linter.RulesRecord, settings?: Record<string, unknown>): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    {
      // `**/*` alone is a universal pattern, which matches no .ts file in flat config.
      files: [`**/*.{${SOURCE_EXTENSIONS.join(',')}}`],
      plugins: { 'safe-requests': plugin as never },
      languageOptions: {
        parser: tsParser as never,
        parserOptions: { ecmaFeatures: { jsx: !/\.(?:[cm]?ts)$/.test(filePath) } },
      },
      settings: settings ?? {},
      rules,
    },
  ];
  return linter.verify(code, config, { filename: filePath });
}

export function defineFixtureSuite(suite: FixtureSuite): void {
  const { transform } = suite;
  describe(`${transform.name} fixtures`, () => {
    for (const fixture of loadFixtures(transform.name)) {
      describe(fixture.name, () => {
        if (fixture.error !== null) {
          it('refuses the input with a parse error and changes nothing', () => {
            expect(() => transform.run(fixture.input, fixture.inputPath, fixture.options)).toThrow(SourceParseError);
            expect(() => transform.run(fixture.input, fixture.inputPath, fixture.options)).toThrow(fixture.error!);
          });
          return;
        }
        const result = (): string => transform.run(fixture.input, fixture.inputPath, fixture.options).output ?? fixture.input;

        it('produces exactly the expected output', () => {
          const outcome = transform.run(fixture.input, fixture.inputPath, fixture.options);
          if (fixture.expected === null) {
            expect(outcome.output).toBeNull();
          } else {
            expect(outcome.output).toBe(fixture.expected);
          }
        });

        if (fixture.review !== null) {
          it('lists exactly the expected manual-review reasons', () => {
            const outcome = transform.run(fixture.input, fixture.inputPath, fixture.options);
            expect(outcome.manualReview.map((item) => `${item.line}:${item.column} ${item.reason}`)).toEqual(fixture.review);
          });
        }

        it('is idempotent', () => {
          expect(transform.run(result(), fixture.inputPath, fixture.options).output).toBeNull();
        });

        it('gives output that parses', () => {
          expect(() => parseForAnalysis(result(), fixture.inputPath)).not.toThrow();
        });

        it('leaves nothing for the companion rules to report', () => {
          // The rules see the settings the transform was given.
          const settings = fixture.options.settings ? { 'safe-requests': fixture.options.settings } : suite.settings;
          const messages = lintWith(result(), fixture.inputPath, suite.companionRules, settings);
          expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? m.message}`)).toEqual(fixture.remaining);
        });
      });
    }
  });
}

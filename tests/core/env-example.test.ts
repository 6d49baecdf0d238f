import { describe, expect, it } from 'vitest';
import { mergeEnvExample } from '../../src/rewrite/env-example';
import type { EnvVariable } from '../../src/rewrite/transform-api';

const seed: EnvVariable = {
  name: 'MODEL_SERVING_ENDPOINT',
  defaultValue: 'https://model-serving.example.com/predict',
  filePath: 'src/predict.ts',
  line: 3,
};
const users: EnvVariable = { name: 'USERS_BASE_URL', defaultValue: 'https://users.acme.io', filePath: 'src/users.ts', line: 1 };

describe('mergeEnvExample', () => {
  it('creates the file with one commented line per variable, sorted by name', () => {
    expect(mergeEnvExample(null, [users, seed])).toBe(
      [
        '# used in src/predict.ts:3',
        'MODEL_SERVING_ENDPOINT=https://model-serving.example.com/predict',
        '',
        '# used in src/users.ts:1',
        'USERS_BASE_URL=https://users.acme.io',
        '',
      ].join('\n'),
    );
  });

  it('gives the same text whatever order the variables come in', () => {
    const second = { ...seed, filePath: 'src/a.ts', line: 9 };
    expect(mergeEnvExample(null, [seed, users, second])).toBe(mergeEnvExample(null, [second, users, seed]));
    expect(mergeEnvExample(null, [seed, second])).toContain('# used in src/a.ts:9, src/predict.ts:3\n');
  });

  it('lists at most three places per variable', () => {
    const uses = [1, 2, 3, 4, 5].map((line) => ({ ...seed, line }));
    expect(mergeEnvExample(null, uses)).toContain('# used in src/predict.ts:1, src/predict.ts:2, src/predict.ts:3 and 2 more\n');
  });

  it('appends only missing variables and never changes existing lines', () => {
    const existing = '# Settings\nMODEL_SERVING_ENDPOINT=http://localhost:8000\n';
    expect(mergeEnvExample(existing, [seed, users])).toBe(`${existing}\n# used in src/users.ts:1\nUSERS_BASE_URL=https://users.acme.io\n`);
  });

  it('counts exported and commented-out assignments as present', () => {
    expect(mergeEnvExample('export MODEL_SERVING_ENDPOINT=x\n', [seed])).toBeNull();
    expect(mergeEnvExample('# MODEL_SERVING_ENDPOINT=\n', [seed])).toBeNull();
    expect(mergeEnvExample('  USERS_BASE_URL = "https://users.acme.io"\n', [users])).toBeNull();
  });

  it('returns null when there is nothing to add, so the file is not rewritten', () => {
    expect(mergeEnvExample(null, [])).toBeNull();
    expect(mergeEnvExample('A=1\n', [])).toBeNull();
  });

  it('is idempotent', () => {
    const once = mergeEnvExample('A=1\n', [seed, users])!;
    expect(mergeEnvExample(once, [seed, users])).toBeNull();
  });

  it("keeps the existing file's CRLF line endings and adds a line break to an unterminated last line", () => {
    expect(mergeEnvExample('A=1\r\nB=2', [users])).toBe('A=1\r\nB=2\r\n\r\n# used in src/users.ts:1\r\nUSERS_BASE_URL=https://users.acme.io\r\n');
    expect(mergeEnvExample('', [users])).toBe('# used in src/users.ts:1\nUSERS_BASE_URL=https://users.acme.io\n');
  });

  it('quotes values dotenv would cut at # or trim', () => {
    const withHash = { ...users, defaultValue: 'https://users.acme.io/app#/login' };
    expect(mergeEnvExample(null, [withHash])).toContain("USERS_BASE_URL='https://users.acme.io/app#/login'\n");
    const withQuote = { ...users, defaultValue: "https://users.acme.io/o'brien#x" };
    expect(mergeEnvExample(null, [withQuote])).toContain('USERS_BASE_URL="https://users.acme.io/o\'brien#x"\n');
  });

  it('says so when one name was given two defaults instead of silently picking one', () => {
    const other = { ...users, defaultValue: 'https://users.acme.dev', filePath: 'src/z.ts', line: 4 };
    expect(mergeEnvExample(null, [other, users])).toBe(
      [
        '# used in src/users.ts:1, src/z.ts:4',
        '# src/z.ts:4 defaults to https://users.acme.dev instead',
        'USERS_BASE_URL=https://users.acme.io',
        '',
      ].join('\n'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_SETTINGS, isEmptySettings, readSettings } from '../../src/analysis/settings';

describe("readSettings: settings['safe-requests']", () => {
  it('reads testFiles as extra globs, and nothing given as the defaults', () => {
    expect(readSettings({ testFiles: ['qa/**', '**/*.smoke.js'] }).testFiles).toEqual(['qa/**', '**/*.smoke.js']);
    expect(readSettings(undefined)).toBe(EMPTY_SETTINGS);
    expect(readSettings({}).testFiles).toEqual([]);
    expect(isEmptySettings(readSettings({}))).toBe(true);
    expect(isEmptySettings(readSettings({ testFiles: ['qa/**'] }))).toBe(false);
  });

  it('names the key when testFiles is not an array of globs', () => {
    expect(() => readSettings({ testFiles: 'qa/**' })).toThrow("settings['safe-requests'].testFiles must be an array of glob strings");
    expect(() => readSettings({ testFiles: ['qa/**', ''] })).toThrow("settings['safe-requests'].testFiles must be an array of glob strings");
    expect(() => readSettings({ testFiles: [42] })).toThrow(/testFiles .* got an array/);
  });

  it('lists testFiles among the known keys of an unknown one', () => {
    expect(() => readSettings({ testGlobs: [] })).toThrow("settings['safe-requests'].testGlobs is not a known setting (known: clients, retryWrappers, retryMethods, testFiles, redact)");
  });
});

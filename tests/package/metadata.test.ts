import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index';
import { REPOSITORY_URL } from '../../src/package-info';
import { repoRoot } from './built-package';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  homepage: string;
  bugs: { url: string };
  repository: { url: string };
};

describe('rule docs URLs', () => {
  // An installed version must link to the pages of its own release, not to `main` as it is today.
  it.each(Object.entries(rules))('%s: the page at the release tag', (name, rule) => {
    expect(rule.meta.docs?.url).toBe(`https://github.com/safe-requests/eslint-plugin-safe-requests/blob/v${manifest.version}/docs/rules/${name}.md`);
    expect(existsSync(join(repoRoot, 'docs', 'rules', `${name}.md`))).toBe(true);
  });
});

describe('package metadata', () => {
  it('homepage, bugs and repository name the same GitHub repository', () => {
    expect(REPOSITORY_URL).toBe('https://github.com/safe-requests/eslint-plugin-safe-requests');
    expect(manifest.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(manifest.bugs.url).toBe(`${REPOSITORY_URL}/issues`);
    expect(manifest.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
  });

  it('is MIT-licensed, with the licence text beside package.json', () => {
    expect(manifest.license).toBe('MIT');
    const licence = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(licence.split('\n').slice(0, 3)).toEqual(['MIT License', '', 'Copyright (c) 2026 eslint-plugin-safe-requests contributors']);
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});

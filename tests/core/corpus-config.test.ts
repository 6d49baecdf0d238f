import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index';

/** The committed inputs and output of `npm run corpus` (scripts/corpus.mjs). */
const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(CORPUS_DIR, name), 'utf8'));

interface PackagesFile {
  description: string;
  packages: Record<string, string>;
  applications: string[];
  notes: Record<string, string>;
}

interface PackageSnapshot {
  files: number;
  parseFailures: string[];
  reports: Record<string, number>;
  findings: string[];
  transforms: Record<string, { changed: number; rewrites: number; manualReview: number }>;
}

interface Snapshot {
  rules: string[];
  transforms: string[];
  packages: Record<string, PackageSnapshot>;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const FINDING = /^(\S+):(\d+):(\d+) ([a-z-]+)\/([A-Za-z]+)$/;

const pinned = readJson('packages.json') as PackagesFile;
const snapshot = readJson('snapshot.json') as Snapshot;

describe('corpus/packages.json', () => {
  it('pins every package to one exact version, never a range or tag', () => {
    const entries = Object.entries(pinned.packages);
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, version] of entries) {
      expect(name, name).toMatch(PACKAGE_NAME);
      expect(version, `${name}@${version}`).toMatch(EXACT_VERSION);
    }
  });

  it('names as applications only pinned packages, sorted, and says what each application is', () => {
    expect(pinned.applications.length).toBeGreaterThan(0);
    expect(pinned.applications).toEqual([...pinned.applications].sort());
    for (const name of pinned.applications) {
      expect(pinned.packages[name], name).toBeDefined();
      expect(pinned.notes[name], name).toMatch(/^application: \S/);
    }
  });

  it('says why each package is in the corpus, and why skipped ones are not', () => {
    for (const name of Object.keys(pinned.packages)) expect(pinned.notes[name], name).toMatch(/\S/);
    const skipped = Object.keys(pinned.notes).filter((name) => !(name in pinned.packages));
    for (const name of skipped) expect(pinned.notes[name], name).toMatch(/^skipped: \S/);
  });
});

describe('corpus/snapshot.json', () => {
  it('covers exactly the pinned packages at their pinned versions', () => {
    const expected = Object.entries(pinned.packages).map(([name, version]) => `${name}@${version}`);
    expect(Object.keys(snapshot.packages).sort()).toEqual(expected.sort());
  });

  it('names only rules the plugin has, sorted, and counts every one of them per package', () => {
    expect(snapshot.rules).toEqual([...snapshot.rules].sort());
    for (const rule of snapshot.rules) expect(Object.keys(rules)).toContain(rule);
    for (const [pkg, entry] of Object.entries(snapshot.packages)) {
      expect(Object.keys(entry.reports), pkg).toEqual(snapshot.rules);
      expect(Number.isInteger(entry.files) && entry.files > 0, pkg).toBe(true);
    }
  });

  it('lists each finding as "file:line:column rule/messageId", sorted, agreeing with the counts', () => {
    for (const [pkg, entry] of Object.entries(snapshot.packages)) {
      const counted = Object.fromEntries(snapshot.rules.map((rule) => [rule, 0]));
      const keys = entry.findings.map((finding) => {
        const match = FINDING.exec(finding);
        expect(match, `${pkg}: ${finding}`).not.toBeNull();
        const [, file, line, column, rule] = match!;
        expect(snapshot.rules, `${pkg}: ${finding}`).toContain(rule);
        counted[rule!]!++;
        return [file!, Number(line), Number(column)] as const;
      });
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
      expect(keys, pkg).toEqual(sorted);
      expect(counted, pkg).toEqual(entry.reports);
    }
  });

  it('records the transforms as non-negative counts, no more changed files than files', () => {
    for (const [pkg, entry] of Object.entries(snapshot.packages)) {
      expect(Object.keys(entry.transforms), pkg).toEqual(snapshot.transforms);
      for (const counts of Object.values(entry.transforms)) {
        for (const value of Object.values(counts)) expect(Number.isInteger(value) && value >= 0, pkg).toBe(true);
        expect(counts.changed, pkg).toBeLessThanOrEqual(entry.files);
        expect(counts.rewrites, pkg).toBeGreaterThanOrEqual(counts.changed);
      }
    }
  });

  it('lists parse failures as sorted relative paths', () => {
    for (const [pkg, entry] of Object.entries(snapshot.packages)) {
      expect(entry.parseFailures, pkg).toEqual([...entry.parseFailures].sort());
      for (const file of entry.parseFailures) expect(file, pkg).not.toMatch(/^\/|\.\./);
    }
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDiskSnapshot } from '../../src/analysis/disk-snapshot';
import { dependencyMajor, findPackageRoot, packageRelativePath } from '../../src/analysis/package-root';
import { tempTree } from '../temp-tree';

const { root: base, write } = tempTree('safe-requests-package-root-');

describe('findPackageRoot', () => {
  it('finds the nearest package.json and reads every dependency field and the entries beside it', () => {
    write('repo/package.json', JSON.stringify({ dependencies: { axios: '1' } }));
    write('repo/packages/web/package.json', JSON.stringify({ dependencies: { react: '19' }, devDependencies: { vite: '7' }, peerDependencies: { next: '15' } }));
    write('repo/packages/web/vite.config.ts', '');
    const file = write('repo/packages/web/src/deep/api.ts', '');
    const root = findPackageRoot(file)!;
    expect(root.dir).toBe(join(base, 'repo/packages/web'));
    expect([...root.dependencies].sort()).toEqual(['next', 'react', 'vite']);
    expect(root.entries).toContain('vite.config.ts');
  });

  it('treats a package.json that is not valid JSON as declaring nothing', () => {
    write('broken/package.json', '{ "dependencies": ');
    const root = findPackageRoot(write('broken/src/a.ts', ''))!;
    expect(root.dir).toBe(join(base, 'broken'));
    expect(root.dependencies.size).toBe(0);
  });
});

describe('the disk snapshot of a run', () => {
  it('reads a package once per run, and afresh outside it and in the next run', () => {
    write('snap/package.json', JSON.stringify({ dependencies: { axios: '1' } }));
    const file = write('snap/src/a.ts', '');
    const dependencies = () => [...findPackageRoot(file)!.dependencies];
    expect(withDiskSnapshot('run 1', dependencies)).toEqual(['axios']);
    write('snap/package.json', JSON.stringify({ dependencies: { got: '14' } }));
    expect(withDiskSnapshot('run 1', dependencies)).toEqual(['axios']);
    expect(dependencies()).toEqual(['got']);
    expect(withDiskSnapshot('run 2', dependencies)).toEqual(['got']);
  });
});

describe('packageRelativePath', () => {
  const root = { dir: join(base, 'repo'), dependencies: new Set<string>(), entries: [] };

  it('is relative to the package root, with forward slashes', () => {
    expect(packageRelativePath(join(base, 'repo/src/__tests__/a.ts'), root)).toBe('src/__tests__/a.ts');
  });

  it('falls back to the working directory, then to the path as given', () => {
    expect(packageRelativePath(join(base, 'x/e2e/a.ts'), undefined, base)).toBe('x/e2e/a.ts');
    expect(packageRelativePath(join(base, 'x/a.ts'), undefined, join(base, 'elsewhere'))).toBe(join(base, 'x/a.ts').replace(/\\/g, '/'));
  });
});

describe('dependencyMajor', () => {
  it('reads the major from the nearest package.json that lists the dependency', () => {
    write('majors/package.json', JSON.stringify({ dependencies: { express: '^5.1.0' } }));
    write('majors/apps/api/package.json', JSON.stringify({ dependencies: { express: '~4.17.1' } }));
    write('majors/apps/web/package.json', JSON.stringify({ dependencies: { react: '19' } }));
    expect(dependencyMajor(write('majors/apps/api/src/server.js', ''), 'express')).toBe(4);
    expect(dependencyMajor(write('majors/apps/web/src/a.js', ''), 'express')).toBe(5);
    expect(dependencyMajor(write('majors/apps/web/src/a.js', ''), 'koa')).toBeUndefined();
  });

  it.each([
    ['4.x', 4],
    ['4', 4],
    ['=4.21.2', 4],
    ['npm:express@^4.21.0', 4],
    ['5.0.0-beta.3', 5],
    ['>=4 <6', undefined],
    ['latest', undefined],
    ['github:expressjs/express', undefined],
  ])('%s → %s', (range, major) => {
    write(`ranges/${encodeURIComponent(range)}/package.json`, JSON.stringify({ devDependencies: { express: range } }));
    expect(dependencyMajor(write(`ranges/${encodeURIComponent(range)}/a.js`, ''), 'express')).toBe(major);
  });
});

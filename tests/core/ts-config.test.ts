import { dirname, join } from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { helperSpecifier } from '../../src/rewrite/helper-import';
import { nearestCompilerOptions } from '../../src/rewrite/ts-config';
import { tempTree } from '../temp-tree';

const { root: base, write } = tempTree('safe-requests-ts-config-');

/** What TypeScript's own config reader (tsc, editors) makes of the same file, for comparison. */
function typescriptOptions(filePath: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(dirname(filePath), ts.sys.fileExists)!;
  const source = ts.readJsonConfigFile(configPath, ts.sys.readFile);
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  return ts.parseJsonSourceFileConfigFileContent(source, host, dirname(configPath), undefined, configPath).options;
}

/**
 * The decisions the rewrites take from a tsconfig: `.js` on the helper's import (Node-style module
 * resolution; TypeScript's side as the TypeScript-based reader decided it) and `process.env['X']`.
 */
function decisions(file: string, reader: 'ours' | 'typescript') {
  if (reader === 'ours') {
    const options = nearestCompilerOptions(file);
    const noImports = { body: [] } as unknown as TSESTree.Program;
    const nodeStyle = helperSpecifier(file, join(dirname(file), 'safe-requests-runtime.ts'), 'ts', noImports).endsWith('.js');
    return { nodeStyle, noPropertyAccessFromIndexSignature: options?.noPropertyAccessFromIndexSignature, strict: options?.strict };
  }
  const options = typescriptOptions(file);
  const { module = ts.ModuleKind.None, moduleResolution } = options;
  const nodeStyle =
    (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) ||
    moduleResolution === ts.ModuleResolutionKind.Node16 ||
    moduleResolution === ts.ModuleResolutionKind.NodeNext;
  return { nodeStyle, noPropertyAccessFromIndexSignature: options.noPropertyAccessFromIndexSignature, strict: options.strict };
}

describe('nearestCompilerOptions', () => {
  it('reads the nearest tsconfig.json with its extends chain, including package configs', () => {
    write('repo/node_modules/@tsconfig/strictest/tsconfig.json', '{ "compilerOptions": { "strict": true, "noPropertyAccessFromIndexSignature": true } }');
    write('repo/tsconfig.base.json', '{ "extends": "@tsconfig/strictest/tsconfig.json", "compilerOptions": { "noEmit": true } }');
    // Comments and trailing commas are allowed in tsconfig files.
    write('repo/app/tsconfig.json', '{\n  // app\n  "extends": "../tsconfig.base.json",\n  "compilerOptions": { "strict": false, },\n}\n');
    const options = nearestCompilerOptions(write('repo/app/src/deep/api.ts', ''));
    expect(options).toMatchObject({ noPropertyAccessFromIndexSignature: true, noEmit: true, strict: false });
  });

  it('follows extends arrays, packages named without a path (package.json "tsconfig") and block comments', () => {
    write('pkgs/node_modules/@acme/tsconfig/package.json', '{ "name": "@acme/tsconfig", "tsconfig": "./node.json" }');
    write('pkgs/node_modules/@acme/tsconfig/node.json', '{ "compilerOptions": { "module": "NodeNext" } }');
    write('pkgs/strict.json', '/* shared */ { "compilerOptions": { "strict": true, /* index reads */ "noPropertyAccessFromIndexSignature": true } }');
    write('pkgs/web/tsconfig.json', '{ "extends": ["@acme/tsconfig", "../strict.json"], "compilerOptions": { "noEmit": true, }, }');
    const file = write('pkgs/web/index.ts', '');
    expect(nearestCompilerOptions(file)).toMatchObject({ module: 'nodenext', strict: true, noPropertyAccessFromIndexSignature: true, noEmit: true });
  });

  it('decides as the TypeScript-based reader did: the helper import extension, bracketed env reads', () => {
    write('same/node_modules/@tsconfig/node20/tsconfig.json', '{ "compilerOptions": { "module": "node16", "strict": true } }');
    write('same/base.json', '{ "extends": "@tsconfig/node20/tsconfig.json", "compilerOptions": { "noPropertyAccessFromIndexSignature": true } }');
    const configs = {
      'same/a/tsconfig.json': '{ "extends": "../base.json" }',
      'same/b/tsconfig.json': '{ "extends": "../base.json", "compilerOptions": { "module": "ESNext", "moduleResolution": "Bundler", "strict": false } }',
      'same/c/tsconfig.json': '{\n  // a comment\n  "compilerOptions": { "moduleResolution": "NodeNext", },\n}',
      'same/d/tsconfig.json': '{}',
    };
    for (const [path, text] of Object.entries(configs)) {
      const file = join(dirname(write(path, text)), 'src', 'x.ts');
      expect(decisions(file, 'ours'), path).toEqual(decisions(file, 'typescript'));
    }
  });

  it('is undefined where no tsconfig.json is found', () => {
    expect(nearestCompilerOptions('/no-such-dir-safe-requests/a.ts')).toBeUndefined();
  });

  it('assumes nothing when the extends chain cannot be followed: a missing base or a cycle', () => {
    write('odd/tsconfig.json', '{ "extends": "./missing.json", "compilerOptions": { "noPropertyAccessFromIndexSignature": true } }');
    expect(nearestCompilerOptions(join(base, 'odd/a.ts'))).toBeUndefined();
    write('uninstalled/tsconfig.json', '{ "extends": "@tsconfig/strictest", "compilerOptions": { "module": "nodenext" } }');
    expect(nearestCompilerOptions(join(base, 'uninstalled/a.ts'))).toBeUndefined();
    write('cycle/tsconfig.json', '{ "extends": "./other.json" }');
    write('cycle/other.json', '{ "extends": "./tsconfig.json" }');
    expect(nearestCompilerOptions(join(base, 'cycle/a.ts'))).toBeUndefined();
  });

  it('keeps unknown options without failing', () => {
    write('unknown/tsconfig.json', '{ "compilerOptions": { "notAnOption": 1, "noPropertyAccessFromIndexSignature": true } }');
    expect(nearestCompilerOptions(join(base, 'unknown/a.ts'))).toMatchObject({ noPropertyAccessFromIndexSignature: true });
  });

  it('reads what a tolerant parse recovers from a broken file, as TypeScript does, and nothing from one that is not JSON', () => {
    write('truncated/tsconfig.json', '{ "compilerOptions": { "module": "nodenext", "noPropertyAccessFromIndexSignature": true');
    const truncated = join(base, 'truncated/a.ts');
    expect(nearestCompilerOptions(truncated)).toMatchObject({ module: 'nodenext', noPropertyAccessFromIndexSignature: true });
    expect(decisions(truncated, 'ours')).toEqual(decisions(truncated, 'typescript'));
    write('broken/tsconfig.json', '{ "compilerOptions": ');
    expect(nearestCompilerOptions(join(base, 'broken/a.ts'))).toEqual({});
    write('garbage/tsconfig.json', 'not json at all');
    expect(nearestCompilerOptions(join(base, 'garbage/a.ts'))).toEqual({});
  });
});

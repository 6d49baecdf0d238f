import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestCompilerOptions } from '../../src/rewrite/ts-config';
import { tempTree } from '../temp-tree';

const { root: base, write } = tempTree('safe-requests-ts-config-');

describe('nearestCompilerOptions', () => {
  it('reads the nearest tsconfig.json with its extends chain, including package configs', () => {
    write('repo/node_modules/@tsconfig/strictest/tsconfig.json', '{ "compilerOptions": { "strict": true, "noPropertyAccessFromIndexSignature": true } }');
    write('repo/tsconfig.base.json', '{ "extends": "@tsconfig/strictest/tsconfig.json", "compilerOptions": { "noEmit": true } }');
    // Comments and trailing commas are allowed in tsconfig files.
    write('repo/app/tsconfig.json', '{\n  // app\n  "extends": "../tsconfig.base.json",\n  "compilerOptions": { "strict": false, },\n}\n');
    const options = nearestCompilerOptions(write('repo/app/src/deep/api.ts', ''));
    expect(options).toMatchObject({ noPropertyAccessFromIndexSignature: true, noEmit: true, strict: false });
  });

  it('still reads the options of a config with an unknown option or a missing base', () => {
    write('odd/tsconfig.json', '{ "extends": "./missing.json", "compilerOptions": { "notAnOption": 1, "noPropertyAccessFromIndexSignature": true } }');
    expect(nearestCompilerOptions(join(base, 'odd/a.ts'))).toMatchObject({ noPropertyAccessFromIndexSignature: true });
  });

  it('assumes nothing when the tsconfig is not JSON', () => {
    write('broken/tsconfig.json', '{ "compilerOptions": ');
    expect(nearestCompilerOptions(join(base, 'broken/a.ts'))).toBeUndefined();
  });
});

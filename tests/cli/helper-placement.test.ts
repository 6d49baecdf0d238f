import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, read, runCli } from './helpers';

const REQUEST = (name: string): string => `export async function ${name}(url) {\n  const response = await fetch(url);\n  return response.json();\n}\n`;

describe('one helper per package', () => {
  it('files in src/ and outside it share the copy in src/', () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
      'src/client.js': REQUEST('load'),
      'scripts/seed.js': REQUEST('seed'),
      'server.js': REQUEST('proxy'),
    });
    const result = runCli(dir, ['fix', '.']);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, 'src')).filter((name) => name.startsWith('safe-requests-runtime'))).toEqual(['safe-requests-runtime.mjs']);
    expect(existsSync(join(dir, 'safe-requests-runtime.mjs'))).toBe(false);
    expect(read(dir, 'scripts/seed.js')).toContain("from '../src/safe-requests-runtime.mjs';");
    expect(read(dir, 'server.js')).toContain("from './src/safe-requests-runtime.mjs';");
    expect(read(dir, 'src/client.js')).toContain("from './safe-requests-runtime.mjs';");
  });

  it('a package without src/ keeps it beside package.json', () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
      'lib/client.js': REQUEST('load'),
    });
    expect(runCli(dir, ['fix', '.']).code).toBe(0);
    expect(existsSync(join(dir, 'safe-requests-runtime.mjs'))).toBe(true);
    expect(read(dir, 'lib/client.js')).toContain("from '../safe-requests-runtime.mjs';");
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Our own package.json, found upward from this file: `src/` in tests, `dist/src/` when built. */
function readManifest(): { name: string; version: string } {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as { name: string; version: string };
    if (dirname(dir) === dir) throw new Error('eslint-plugin-safe-requests: package.json not found');
  }
}

const manifest = readManifest();

export const PACKAGE_NAME = manifest.name;
export const PACKAGE_VERSION = manifest.version;

export const REPOSITORY_URL = 'https://github.com/safe-requests/eslint-plugin-safe-requests';

/**
 * Where the rule, transform and CLI pages live (also each rule's `meta.docs.url`): the release's tag,
 * so an installed version links to the pages that describe it, not to whatever `main` says today.
 */
export const DOCS_ROOT_URL = `${REPOSITORY_URL}/blob/v${PACKAGE_VERSION}/docs`;

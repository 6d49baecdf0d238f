import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fromDisk } from '../analysis/disk-snapshot';
import { findPrettierConfig } from '../rewrite/project-style';

/**
 * The project's own prettier, for the CLI's last step: a file that passed the project's
 * `prettier --check` before the rewrite is formatted by that prettier (same version, same config),
 * so it passes after; as the original was formatted, only the edited regions change. Never our
 * dependency, never loaded by the rules; prettier 2's API is synchronous, 3's asynchronous, and
 * `await` takes both.
 */

interface PrettierApi {
  resolveConfig(filePath: string, options: { editorconfig: boolean }): Promise<Record<string, unknown> | null> | Record<string, unknown> | null;
  check(text: string, options: Record<string, unknown>): Promise<boolean> | boolean;
  format(text: string, options: Record<string, unknown>): Promise<string> | string;
}

/** Where the project's prettier loads from, when the project has a prettier config and prettier installed where the file can require it. */
export function projectPrettierEntry(filePath: string): string | undefined {
  if (!findPrettierConfig(filePath)) return undefined;
  const dir = dirname(filePath);
  return fromDisk(`prettier-entry\0${dir}`, () => {
    try {
      return createRequire(join(dir, 'index.js')).resolve('prettier');
    } catch {
      return undefined;
    }
  });
}

/**
 * `output` formatted as prettier formats the project's files, when `original` passes the
 * project's check; otherwise `output` as it is (a file the project does not keep formatted is not
 * reformatted). Throws what prettier throws (no parser for the file, a broken config).
 */
export async function formatLikeProject(entry: string, filePath: string, original: string, output: string): Promise<string> {
  const { prettier, options } = await load(entry, filePath);
  if (!(await prettier.check(original, options))) return output;
  return prettier.format(output, options);
}

/** A new file's text as the project's prettier formats it at `filePath`. */
export async function formatNewFile(entry: string, filePath: string, text: string): Promise<string> {
  const { prettier, options } = await load(entry, filePath);
  return prettier.format(text, options);
}

async function load(entry: string, filePath: string): Promise<{ prettier: PrettierApi; options: Record<string, unknown> }> {
  const prettier = createRequire(__filename)(entry) as PrettierApi;
  const config = (await prettier.resolveConfig(filePath, { editorconfig: true })) ?? {};
  return { prettier, options: { ...config, filepath: filePath } };
}

// Scratch npm projects that install the packed package from a tarball, the way users install it
// from the registry: for tests/package/install.test.ts and `npm run footprint`.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The environment minus what `npm run`/`npm test` exports about this repository: with
 * npm_config_local_prefix set, a nested `npm install` would install into this repository.
 * The npm cache (~/.npm or npm_config_cache) stays shared, so repeated installs are fast.
 */
export function npmEnvironment(env = process.env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_command$|init_cwd$)/i.test(key)),
  );
}

/** Runs a command; a failure says what ran, where, and what it wrote to stderr. */
export async function run(command, args, cwd) {
  try {
    return await execFileAsync(command, args, { cwd, env: npmEnvironment(), maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const output = [error.stderr, error.stdout].filter(Boolean).join('\n').trim();
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd} (exit ${error.code}):\n${output}`, { cause: error });
  }
}

/** `npm pack` of the repository (build it first): the tarball's path and the files it holds. */
export async function packTarball(repoRoot, destination) {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], repoRoot);
  const [info] = JSON.parse(stdout);
  return { path: join(destination, info.filename), files: info.files.map((file) => file.path).sort() };
}

/** A new private ESM project in `dir` with `packages` (registry specs or tarball paths) installed. */
export async function installProject(dir, packages) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', ...packages], dir);
}

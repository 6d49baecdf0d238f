// `npm run footprint`: what installing this package adds to a project that already has ESLint.
// Installs `eslint` alone and `eslint` + the packed tarball into two scratch projects, from the
// registry, and prints packages and megabytes for each and the difference (Markdown tables).
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installProject, packTarball, run } from './lib/scratch-project.mjs';

const TARGET = { packages: 30, megabytes: 15 };
const MB = 1_000_000;

/** Bytes of the regular files under `dir`: as listed (sizes) and as stored (disk blocks). */
function bytesUnder(dir, skip = () => false) {
  const total = { size: 0, disk: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(entry.name)) continue;
    if (entry.isDirectory()) {
      const inner = bytesUnder(path);
      total.size += inner.size;
      total.disk += inner.disk;
    } else if (entry.isFile()) {
      const stat = lstatSync(path);
      total.size += stat.size;
      total.disk += stat.blocks * 512;
    }
  }
  return total;
}

/** Every installed package (nested copies included) with its own bytes, and the whole node_modules. */
function measure(project) {
  const modules = join(project, 'node_modules');
  const { packages } = JSON.parse(readFileSync(join(modules, '.package-lock.json'), 'utf8'));
  const installed = Object.entries(packages)
    .filter(([, info]) => !info.link)
    .map(([path, info]) => ({
      path,
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: info.version,
      // A package's nested node_modules are packages of their own.
      bytes: bytesUnder(join(project, path), (name) => name === 'node_modules'),
    }));
  return { installed, total: bytesUnder(modules) };
}

const megabytes = (bytes) => (bytes / MB).toFixed(1);
const row = (cells) => `| ${cells.join(' | ')} |`;

const repoRoot = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'safe-requests-footprint-'));
try {
  const tarball = await packTarball(repoRoot, scratch);
  const eslintOnly = join(scratch, 'eslint');
  const withPlugin = join(scratch, 'eslint-and-plugin');
  await Promise.all([installProject(eslintOnly, ['eslint']), installProject(withPlugin, ['eslint', tarball.path])]);
  const before = measure(eslintOnly);
  const after = measure(withPlugin);
  const eslintVersion = before.installed.find((entry) => entry.path === 'node_modules/eslint').version;
  const { stdout: npmVersion } = await run('npm', ['--version'], scratch);

  const addedPackages = after.installed.length - before.installed.length;
  const added = { size: after.total.size - before.total.size, disk: after.total.disk - before.total.disk };
  console.log(`eslint ${eslintVersion}, Node ${process.versions.node}, npm ${npmVersion.trim()}, ${process.platform}-${process.arch}; MB = 10^6 bytes\n`);
  console.log(row(['install', 'packages', 'MB (file sizes)', 'MB on disk']));
  console.log(row(['---', '---:', '---:', '---:']));
  console.log(row(['`eslint`', before.installed.length, megabytes(before.total.size), megabytes(before.total.disk)]));
  console.log(row(['`eslint` + `eslint-plugin-safe-requests`', after.installed.length, megabytes(after.total.size), megabytes(after.total.disk)]));
  console.log(row(['**added by the plugin**', `**${addedPackages}**`, `**${megabytes(added.size)}**`, `**${megabytes(added.disk)}**`]));
  console.log(row([`target`, `≤ ${TARGET.packages}`, '', `≤ ${TARGET.megabytes}`]));

  const eslintPaths = new Set(before.installed.map((entry) => `${entry.path}@${entry.version}`));
  const extra = after.installed.filter((entry) => !eslintPaths.has(`${entry.path}@${entry.version}`)).sort((a, b) => b.bytes.disk - a.bytes.disk);
  console.log(`\nThe packages the plugin adds, largest first:\n`);
  console.log(row(['package', 'version', 'MB on disk']));
  console.log(row(['---', '---', '---:']));
  for (const entry of extra) console.log(row([`\`${entry.name}\``, entry.version, megabytes(entry.bytes.disk)]));

  const over = [
    addedPackages > TARGET.packages && `${addedPackages} packages (target ${TARGET.packages})`,
    added.disk / MB > TARGET.megabytes && `${megabytes(added.disk)} MB (target ${TARGET.megabytes})`,
  ].filter(Boolean);
  console.log(over.length ? `\nOver target: ${over.join(', ')}.` : '\nWithin target.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

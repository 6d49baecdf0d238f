// Preload (`node --import <this file>`): `require('typescript')` and `import('typescript')` fail
// for the importers typescriptBlockedFor() names, as if TypeScript were not installed. Loaded in
// each thread, so worker threads get the require() block too; import() hooks are per process.
import Module, { register } from 'node:module';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

/**
 * Whether `importer` (an absolute path; '' when unknown) may not load TypeScript.
 * SAFE_REQUESTS_NO_TYPESCRIPT_FROM is a folder (only modules inside it are blocked) or `*` (all).
 */
function typescriptBlockedFor(request, importer) {
  const scope = process.env.SAFE_REQUESTS_NO_TYPESCRIPT_FROM ?? '*';
  const typescript = request === 'typescript' || request.startsWith('typescript/');
  return typescript && (scope === '*' || importer.startsWith(scope));
}

function notFound(request, code) {
  return Object.assign(new Error(`Cannot find module '${request}' (blocked: TypeScript is not installed)`), { code });
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithoutTypescript(request, parent, ...rest) {
  if (typescriptBlockedFor(request, parent?.filename ?? '')) throw notFound(request, 'MODULE_NOT_FOUND');
  return resolveFilename.call(this, request, parent, ...rest);
};

// The import() side runs in the loader thread: the same predicate, passed as source text.
const hooks = `
import { fileURLToPath } from 'node:url';
const typescriptBlockedFor = ${typescriptBlockedFor};
const notFound = ${notFound};
export async function resolve(specifier, context, nextResolve) {
  const importer = context.parentURL?.startsWith('file:') ? fileURLToPath(context.parentURL) : '';
  if (typescriptBlockedFor(specifier, importer)) throw notFound(specifier, 'ERR_MODULE_NOT_FOUND');
  return nextResolve(specifier, context);
}
`;
if (isMainThread) register(`data:text/javascript,${encodeURIComponent(hooks)}`);

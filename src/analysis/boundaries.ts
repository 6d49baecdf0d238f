import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { instanceRoots, outerValue, propertyName, walk, type FunctionNode, type Node, type Scope } from './ast';
import type { TraceMap } from './clients';
import { dependencyMajor } from './package-root';
import type { RequestIndex } from './requests';
import { runtimeEnvironment, type RuntimeKind } from './runtime-environment';

/**
 * Unhandled boundaries besides timers, events, effects and JSX handlers (function-uses.ts):
 * Express 4 route handlers (FIELD-NOTES: Express 4 does not catch a rejected handler promise,
 * Express 5 passes it to the error handler), and whether a file runs in a browser, where a
 * floating promise does not decide an exit status.
 */

const { CALL } = ReferenceTracker;
const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head'];
const ROUTER: TraceMap = {
  ...Object.fromEntries(ROUTE_METHODS.map((method) => [method, { [CALL]: 'register' }])),
  route: { [CALL]: 'route' },
} as TraceMap;
const EXPRESS: TraceMap = { [CALL]: 'app', Router: { [CALL]: 'app' } } as TraceMap;
const EXPRESS_MAPS = { express: { ...EXPRESS, default: EXPRESS } };

const cache = new WeakMap<RequestIndex, ReadonlySet<TSESTree.CallExpression>>();

/**
 * `app.get(path, handler)`, `router.use(handler)`, `router.route(path).post(handler)` of an
 * Express app or router whose package asks for Express 4 or older. Empty for Express 5, an
 * unknown version, or a file without a path.
 */
export function expressHandlerCalls(index: RequestIndex): ReadonlySet<TSESTree.CallExpression> {
  let calls = cache.get(index);
  if (!calls) {
    calls = findExpressHandlerCalls(index);
    cache.set(index, calls);
  }
  return calls;
}

function findExpressHandlerCalls(index: RequestIndex): ReadonlySet<TSESTree.CallExpression> {
  const calls = new Set<TSESTree.CallExpression>();
  const tracker = new ReferenceTracker(index.globalScope as never, { mode: 'legacy' });
  const apps = [...tracker.iterateEsmReferences(EXPRESS_MAPS as never), ...tracker.iterateCjsReferences(EXPRESS_MAPS as never)];
  if (apps.length === 0 || !index.filePath) return calls;
  const major = dependencyMajor(index.filePath, 'express');
  if (major === undefined || major >= 5) return calls;
  for (const { node } of apps) {
    for (const root of instanceRoots(node as unknown as TSESTree.CallExpression)) {
      for (const { node: call, info } of tracker.iteratePropertyReferences(root as never, ROUTER as never)) {
        if (info === 'register') calls.add(call as unknown as TSESTree.CallExpression);
        else addRouteChain(call as unknown as TSESTree.CallExpression, calls);
      }
    }
  }
  return calls;
}

/** `router.route('/x').get(a).post(b)`: each method returns the route. */
function addRouteChain(route: TSESTree.CallExpression, calls: Set<TSESTree.CallExpression>): void {
  let node: Node = route;
  for (;;) {
    const member: Node | undefined = node.parent;
    const call: Node | undefined = member?.parent;
    if (member?.type !== 'MemberExpression' || member.object !== node || call?.type !== 'CallExpression' || call.callee !== member) return;
    if (!ROUTE_METHODS.includes(propertyName(member) ?? '')) return;
    calls.add(call);
    node = call;
  }
}

const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'alert']);

// Runtimes with Node's `process`; a published library runs in its users' Node processes too.
const PROCESS_RUNTIMES: ReadonlySet<RuntimeKind> = new Set(['node', 'next-server', 'library']);

/**
 * The file runs where there is no `process` to carry an exit status: its runtime
 * (runtime-environment.ts) is a browser, Deno or a worker, or its code shows a browser's (JSX, a
 * `"use client"` directive, browser-only globals). A floating promise there only logs; in a Node
 * script it decides the exit status.
 */
export function runsInBrowser(ast: TSESTree.Program, globalScope: Scope, filePath: string | undefined): boolean {
  if (filePath && /\.[jt]sx$/i.test(filePath)) return true;
  if (filePath && !PROCESS_RUNTIMES.has(runtimeEnvironment({ program: ast, globalScope, filePath }).kind)) return true;
  if (ast.body.some((statement) => statement.type === 'ExpressionStatement' && statement.directive === 'use client')) return true;
  // Declared globals (a browser config) resolve to variables; undeclared ones stay in `through`.
  const declared = [...BROWSER_GLOBALS].some((name) => (globalScope.set.get(name)?.references.length ?? 0) > 0);
  return declared || globalScope.through.some((reference) => reference.identifier.type === 'Identifier' && BROWSER_GLOBALS.has(reference.identifier.name));
}

/** The `next` parameter an Express handler has, or the one to add after its `res`. */
export interface NextParameter {
  readonly name: string;
  /** Absent when the handler already takes it. */
  readonly insertAfter?: Node;
}

/**
 * `(req, res, next)` → `next`; `(err, req, res, next)` → `next`; `(req, res)` → add `next` after
 * `res`, unless the name is used in the handler, or the handler is declared apart with typed
 * parameters (an added parameter would have no type). Undefined: no safe way to reach `next`.
 */
export function expressNext(fn: FunctionNode): NextParameter | undefined {
  const params = fn.params;
  const existing = params.length >= 4 ? params[3] : params.length === 3 ? params[2] : undefined;
  if (existing) return existing.type === 'Identifier' ? { name: existing.name } : undefined;
  if (params.length !== 2 || params.some((param) => param.type !== 'Identifier')) return undefined;
  const inline = outerValue(fn).parent?.type === 'CallExpression';
  if (!inline && params.some((param) => (param as TSESTree.Identifier).typeAnnotation)) return undefined;
  let taken = false;
  walk(fn.body, (node) => {
    if (node.type === 'Identifier' && node.name === 'next') taken = true;
  });
  return taken ? undefined : { name: 'next', insertAfter: params[1]! };
}

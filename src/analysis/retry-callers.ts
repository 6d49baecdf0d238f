import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { constInitializer, dottedName, findVariable, instanceRoots, walk, type Node, type Scope } from './ast';
import type { TraceMap } from './clients';
import {
  ASYNC_CALLER_METHODS,
  ASYNC_CALLER_MODULES,
  COCKATIEL_MODULE,
  LANGCHAIN_MODULE,
} from './retry-wrappers';
import type { SafeRequestsSettings } from './settings';

/**
 * Retry layers reached through a member rather than an imported function: settings-declared
 * methods (`this.caller.call`, `*.withRetry`), LangChain's AsyncCaller, cockatiel policies.
 * Each call found runs its function arguments under retry, and its promise carries the failure.
 */
export function methodRetryCalls(
  ast: TSESTree.Program,
  text: string,
  globalScope: Scope,
  tracker: ReferenceTracker,
  settings: SafeRequestsSettings,
): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  if (settings.retryMethods.length > 0) calls.push(...declaredMethodCalls(ast, settings.retryMethods));
  if (/\bcaller\b/.test(text)) calls.push(...asyncCallerCalls(ast, globalScope, tracker));
  if (text.includes(COCKATIEL_MODULE)) calls.push(...cockatielCalls(globalScope, tracker));
  return calls;
}

const { CALL, CONSTRUCT } = ReferenceTracker;

function declaredMethodCalls(ast: TSESTree.Program, paths: readonly string[]): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walk(ast, (node) => {
    if (node.type !== 'CallExpression') return;
    const path = dottedName(node.callee)?.join('.');
    if (path && paths.some((declared) => matchesMemberPath(path, declared))) calls.push(node);
  });
  return calls;
}

/** `*.withRetry` matches any receiver; other paths match exactly. */
function matchesMemberPath(path: string, declared: string): boolean {
  return declared.startsWith('*.') ? path.endsWith(declared.slice(1)) : path === declared;
}

const CALLER_MAP: TraceMap = Object.fromEntries(ASYNC_CALLER_METHODS.map((method) => [method, { [CALL]: true }])) as TraceMap;

/** `new AsyncCaller(…).call(fn)`, and `this.caller.call(fn)` in classes that extend a LangChain class. */
function asyncCallerCalls(ast: TSESTree.Program, globalScope: Scope, tracker: ReferenceTracker): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const maps = Object.fromEntries(ASYNC_CALLER_MODULES.map((name) => [name, { AsyncCaller: { [CONSTRUCT]: true } }]));
  for (const { node } of [...tracker.iterateEsmReferences(maps as never), ...tracker.iterateCjsReferences(maps as never)]) {
    for (const root of instanceRoots(node as unknown as TSESTree.NewExpression)) {
      for (const reference of tracker.iteratePropertyReferences(root as never, CALLER_MAP as never)) {
        calls.push(reference.node as unknown as TSESTree.CallExpression);
      }
    }
  }
  walk(ast, (node) => {
    if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && extendsLangChain(node, globalScope)) {
      walk(node.body, (inner) => {
        const path = inner.type === 'CallExpression' ? dottedName(inner.callee) : undefined;
        if (path?.length === 3 && path[0] === 'this' && path[1] === 'caller' && ASYNC_CALLER_METHODS.includes(path[2]!)) {
          calls.push(inner as TSESTree.CallExpression);
        }
      });
      return false;
    }
    return undefined;
  });
  return calls;
}

function extendsLangChain(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, globalScope: Scope): boolean {
  const base = node.superClass;
  const root = base && dottedName(base)?.[0];
  if (!base || !root) return false;
  const identifier = base.type === 'Identifier' ? base : (base as TSESTree.MemberExpression).object;
  if (identifier.type !== 'Identifier' || identifier.name !== root) return false;
  const definition = findVariable(globalScope, identifier)?.defs[0];
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent as TSESTree.ImportDeclaration;
    return LANGCHAIN_MODULE.test(declaration.source.value);
  }
  // `const { ChatOpenAI } = require('@langchain/openai')`
  const init = definition?.type === 'Variable' ? (definition.node as TSESTree.VariableDeclarator).init : undefined;
  const specifier = init?.type === 'CallExpression' && dottedName(init.callee)?.join('.') === 'require' ? init.arguments[0] : undefined;
  return specifier?.type === 'Literal' && typeof specifier.value === 'string' && LANGCHAIN_MODULE.test(specifier.value);
}

const EXECUTE_MAP: TraceMap = { execute: { [CALL]: true } } as TraceMap;

/** `retry(handleAll, options).execute(fn)` and `wrap(retryPolicy, …).execute(fn)`, also through variables and class fields. */
function cockatielCalls(globalScope: Scope, tracker: ReferenceTracker): TSESTree.CallExpression[] {
  const maps = { [COCKATIEL_MODULE]: { retry: { [CALL]: 'retry' }, wrap: { [CALL]: 'wrap' } } };
  const found = [...tracker.iterateEsmReferences(maps as never), ...tracker.iterateCjsReferences(maps as never)];
  const retryPolicies = new Set(found.filter(({ info }) => info === 'retry').map(({ node }) => node as unknown as Node));
  const policies = found
    .map(({ node }) => node as unknown as TSESTree.CallExpression)
    .filter(
      (call) =>
        retryPolicies.has(call) ||
        call.arguments.some((argument) => retryPolicies.has(constInitializer(argument, globalScope))),
    );
  const calls: TSESTree.CallExpression[] = [];
  for (const policy of policies) {
    for (const root of instanceRoots(policy)) {
      for (const reference of tracker.iteratePropertyReferences(root as never, EXECUTE_MAP as never)) {
        calls.push(reference.node as unknown as TSESTree.CallExpression);
      }
    }
  }
  return calls;
}

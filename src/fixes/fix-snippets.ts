import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, isTransparentWrapper, propertyName, type Node, type Scope } from '../analysis/ast';
import type { RequestCall } from '../analysis/requests';
import { walk } from '../analysis/requests';
import { detectEol, detectIndentUnit, indentationOfLine } from './source-text';
import { statementOf, tryRegion, type TryRegionRefusal } from '../analysis/try-region';

/**
 * Source text for the code the rules suggest: `.catch()`, try/catch, `'error'` listeners.
 * Text-level, so the same snippets serve ESLint suggestions and the transforms.
 */

export interface RangeEdit {
  readonly range: [number, number];
  readonly text: string;
}

const LOG_CALL = "console.error('Request failed:', error)";

/** Expression types that can take `.catch(...)` without parentheses. */
const MEMBER_SAFE = new Set(['CallExpression', 'MemberExpression', 'Identifier', 'NewExpression', 'ThisExpression']);

export function appendCatchText(text: string, node: Node, handler = `(error) => ${LOG_CALL}`): string {
  const source = text.slice(node.range[0], node.range[1]);
  const receiver = MEMBER_SAFE.has(node.type) ? source : `(${source})`;
  return `${receiver}.catch(${handler})`;
}

/**
 * Wraps the statement holding `awaitNode` (and, when it declares bindings used later, the rest
 * of its block) in try/catch. The catch runs `catchLines` and rethrows, so control flow is kept.
 */
export function tryCatchEdit(
  text: string,
  globalScope: Scope,
  awaitNode: Node,
  catchLines: readonly string[] = [`${LOG_CALL};`],
): RangeEdit | undefined {
  const statement = statementOf(awaitNode);
  if (!statement) return undefined;
  const region = tryRegion(statement, globalScope);
  if (typeof region === 'string') return undefined;
  const start = region.first.range[0];
  const end = region.last.range[1];
  const unit = detectIndentUnit(text);
  const body = indentBody(text, start, end, unit, templateRanges(region.first, region.last));
  return { range: [start, end], text: tryCatchText(text, start, unit, body, catchLines).join(detectEol(text)) };
}

export type TryCatchRefusal = TryRegionRefusal | 'declaration-shape' | 'declaration-type';

/**
 * The codemod's try/catch for an awaited request: around the statement (and the rest of its
 * block when it declares bindings used later, see tryRegion); when that would move a function
 * declaration, import or export into the block, the binding is declared above the try instead —
 * in TypeScript only when it has a type annotation or is never read from a nested function (a
 * `let` without one gets its type from the assignment, which closures cannot see).
 */
export function awaitTryCatchEdit(
  text: string,
  globalScope: Scope,
  awaitNode: Node,
  catchLines: readonly string[],
  typed: boolean,
): RangeEdit | TryCatchRefusal {
  const statement = statementOf(awaitNode);
  if (!statement) return 'not-a-statement';
  const region = tryRegion(statement, globalScope);
  if (typeof region !== 'string') return tryCatchEdit(text, globalScope, awaitNode, catchLines)!;
  if (statement.type !== 'VariableDeclaration') return region;
  const declarator = statement.declarations[0];
  if (declarator?.id.type !== 'Identifier') return 'declaration-shape';
  if (typed && !declarator.id.typeAnnotation && readFromNestedFunction(declarator.id, globalScope)) return 'declaration-type';
  return declaredAboveTryCatchEdit(text, statement, catchLines) ?? 'declaration-shape';
}

function readFromNestedFunction(id: TSESTree.Identifier, globalScope: Scope): boolean {
  const variable = findVariable(globalScope, id);
  if (!variable) return true;
  return variable.references.some((reference) => reference.from.variableScope !== variable.scope.variableScope);
}

/**
 * For a declaration whose bindings cannot move into the try block (later exports, hoisted
 * function declarations): `let x; try { x = await …; } catch …`, so only the request is covered.
 * Needs one declarator with a plain name; keeps its type annotation. Undefined otherwise.
 */
export function declaredAboveTryCatchEdit(
  text: string,
  declaration: TSESTree.VariableDeclaration,
  catchLines: readonly string[],
): RangeEdit | undefined {
  const [declarator] = declaration.declarations;
  if (declaration.declarations.length !== 1 || declarator?.id.type !== 'Identifier' || !declarator.init) return undefined;
  if (declaration.kind !== 'const' && declaration.kind !== 'let' && declaration.kind !== 'var') return undefined;
  const { id, init } = declarator;
  const start = declaration.range[0];
  const unit = detectIndentUnit(text);
  const eol = detectEol(text);
  const annotation = id.typeAnnotation ? text.slice(id.typeAnnotation.range[0], id.typeAnnotation.range[1]) : '';
  const value = indentBody(text, init.range[0], init.range[1], unit, templateRanges(init, init));
  const [, ...tryBlock] = tryCatchText(text, start, unit, `${id.name} = ${value};`, catchLines);
  const lines = [`${declaration.kind === 'var' ? 'var' : 'let'} ${id.name}${annotation};`, `${indentationOfLine(text, start)}try {`, ...tryBlock];
  return { range: [start, declaration.range[1]], text: lines.join(eol) };
}

/** `try {` … `} catch (error) {` … rethrow `}` for a body starting at `start` (its first line unindented). */
function tryCatchText(text: string, start: number, unit: string, body: string, catchLines: readonly string[]): string[] {
  const indent = indentationOfLine(text, start);
  const inner = indent + unit;
  return [
    'try {',
    `${inner}${body}`,
    `${indent}} catch (error) {`,
    ...catchLines.map((line) => `${inner}${line}`),
    `${inner}throw error;`,
    `${indent}}`,
  ];
}

/** Adds one indent unit to every line start in [start, end), except inside template literals. */
function indentBody(text: string, start: number, end: number, unit: string, protectedRanges: Array<[number, number]>): string {
  let result = '';
  let cursor = start;
  for (let i = start; i < end; i++) {
    if (text[i] !== '\n') continue;
    const lineStart = i + 1;
    if (lineStart >= end || protectedRanges.some(([a, b]) => lineStart > a && lineStart < b)) continue;
    // Blank lines stay blank rather than gaining trailing whitespace.
    const blank = text[lineStart] === '\n' || (text[lineStart] === '\r' && text[lineStart + 1] === '\n');
    result += text.slice(cursor, lineStart) + (blank ? '' : unit);
    cursor = lineStart;
  }
  return result + text.slice(cursor, end);
}

function templateRanges(first: Node, last: Node): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const parent = first.parent;
  const siblings = parent && 'body' in parent && Array.isArray(parent.body) ? (parent.body as Node[]) : [first];
  const from = siblings.indexOf(first);
  const to = siblings.indexOf(last);
  for (const statement of from >= 0 && to >= from ? siblings.slice(from, to + 1) : [first]) {
    walk(statement, (node) => {
      if (node.type === 'TemplateLiteral') ranges.push([node.range[0], node.range[1]]);
    });
  }
  return ranges;
}

/**
 * Where to attach an `'error'` listener to an event-style request: chained onto the statement's
 * expression, or on the variable right after its declaration.
 */
export function errorListenerEdit(text: string, request: RequestCall): RangeEdit | undefined {
  const isXhr = request.client === 'xhr';
  let node: Node = request.node;
  while (node.parent) {
    const parent: Node = node.parent;
    if (isTransparentWrapper(parent)) {
      node = parent;
      continue;
    }
    const grand = parent.parent;
    if (
      !isXhr &&
      parent.type === 'MemberExpression' &&
      parent.object === node &&
      grand?.type === 'CallExpression' &&
      grand.callee === parent &&
      ['on', 'once', 'end', 'setTimeout', 'setHeader'].includes(propertyName(parent) ?? '')
    ) {
      node = grand;
      continue;
    }
    break;
  }
  const parent = node.parent;
  if (parent?.type === 'ExpressionStatement' && !isXhr) {
    return { range: [node.range[1], node.range[1]], text: `.on('error', (error) => ${LOG_CALL})` };
  }
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const declaration = parent.parent as TSESTree.VariableDeclaration;
    const name = parent.id.name;
    const listener = isXhr
      ? `${name}.addEventListener('error', () => console.error('Request failed: network error'));`
      : `${name}.on('error', (error) => ${LOG_CALL});`;
    const eol = detectEol(text);
    return { range: [declaration.range[1], declaration.range[1]], text: `${eol}${indentationOfLine(text, declaration.range[0])}${listener}` };
  }
  return undefined;
}


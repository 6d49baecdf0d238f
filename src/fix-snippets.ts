import type { TSESTree } from '@typescript-eslint/utils';
import { isTransparentWrapper, propertyName, type Node, type Scope } from './ast';
import type { RequestCall } from './requests';
import { walk } from './requests';
import { detectEol, detectIndentUnit, indentationOfLine } from './text-edits';
import { statementOf, tryRegion } from './try-region';

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
  const eol = detectEol(text);
  const unit = detectIndentUnit(text);
  const indent = indentationOfLine(text, start);
  const body = indentBody(text, start, end, unit, templateRanges(region.first, region.last));
  const inner = indent + unit;
  const lines = [
    'try {',
    `${inner}${body}`,
    `${indent}} catch (error) {`,
    ...catchLines.map((line) => `${inner}${line}`),
    `${inner}throw error;`,
    `${indent}}`,
  ];
  return { range: [start, end], text: lines.join(eol) };
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


import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, isFunction, isTransparentWrapper, propertyName, type Node, type Scope } from '../analysis/ast';
import type { RequestCall } from '../analysis/requests';
import { walk } from '../analysis/requests';
import { statement, type CodeStyle } from './code-style';
import type { CatchHandler } from './failure-endings';
import { detectEol, indentationOfLine, lineStartOf, quoteString, type Quote } from './source-text';
import { statementOf, tryRegion, type TryRegionRefusal } from '../analysis/try-region';

/**
 * Source text for the code the rules suggest: `.catch()`, try/catch, `'error'` listeners.
 * Text-level, so the same snippets serve ESLint suggestions and the transforms.
 */

export interface RangeEdit {
  readonly range: [number, number];
  readonly text: string;
}

/** `console.error('Request failed:', error)` in the file's quotes. */
export function consoleLogCall(quote: Quote): string {
  return `console.error(${quoteString('Request failed:', quote)}, error)`;
}

/** Expression types that can take `.catch(...)` without parentheses. */
const MEMBER_SAFE = new Set(['CallExpression', 'MemberExpression', 'Identifier', 'NewExpression', 'ThisExpression']);

/** `node.catch(handler)`; a block handler goes over lines where one line would pass the print width. */
export function appendCatchText(text: string, node: Node, handler: CatchHandler, printWidth: number): string {
  const source = text.slice(node.range[0], node.range[1]);
  const receiver = MEMBER_SAFE.has(node.type) ? source : `(${source})`;
  const oneLine = `${receiver}.catch(${handler()})`;
  const [start, end] = node.range;
  const lineEnd = /[\r\n]|$/.exec(text.slice(end))!.index;
  const lastLine = (text.slice(lineStartOf(text, start), start) + oneLine + text.slice(end, end + lineEnd)).split('\n').at(-1)!;
  // Tabs count as two columns, as in the inferred print width.
  if (lastLine.replace(/\t/g, '  ').length <= printWidth) return oneLine;
  return `${receiver}.catch(${handler({ indent: indentationOfLine(text, end), eol: detectEol(text) })})`;
}

/** The lines of a catch block; a function of whether the try ends its function (a final `return;` is then left out). */
export type CatchLines = readonly string[] | ((endsFunction: boolean) => readonly string[]);

export type TryCatchRefusal = TryRegionRefusal | 'declaration-shape' | 'declaration-type';

/**
 * try/catch for an awaited request that covers the request's statement, not the code after it:
 * a declaration whose bindings are used later is declared above the try (`let r; try { r = await
 * fetch(u); } catch …`), so the catch sees only the request's failure. In TypeScript only when
 * that keeps the type: an annotation, or no read from a nested function (an unannotated `let`
 * gets its type from the assignment, which closures cannot see). Otherwise the try reaches to
 * the end of the block (see tryRegion), unless that would move a function declaration, import or export.
 */
export function awaitTryCatchEdit(
  text: string,
  globalScope: Scope,
  awaitNode: Node,
  catchLines: CatchLines,
  typed: boolean,
  style: Pick<CodeStyle, 'semi' | 'indent'>,
): RangeEdit | TryCatchRefusal {
  const plan = planTry(globalScope, awaitNode, typed);
  if (typeof plan === 'string') return plan;
  return plan.kind === 'region'
    ? regionEdit(text, plan.first, plan.last, catchLines, style.indent)
    : declaredAboveTryCatchEdit(text, plan.declaration, plan.names, catchLines, style);
}

/** The statements the try block of awaitTryCatchEdit would cover, as a source range. */
export function tryCatchCovers(globalScope: Scope, awaitNode: Node, typed: boolean): [number, number] | undefined {
  const plan = planTry(globalScope, awaitNode, typed);
  if (typeof plan === 'string') return undefined;
  return plan.kind === 'region' ? [plan.first.range[0], plan.last.range[1]] : plan.declaration.range;
}

/** The try block of awaitTryCatchEdit would re-indent lines (it covers a line break). */
export function tryReindents(text: string, globalScope: Scope, awaitNode: Node, typed: boolean): boolean {
  const covers = tryCatchCovers(globalScope, awaitNode, typed);
  return covers !== undefined && /[\r\n]/.test(text.slice(covers[0], covers[1]));
}

type TryPlan =
  | { readonly kind: 'region'; readonly first: TSESTree.Statement; readonly last: TSESTree.Statement }
  | { readonly kind: 'above'; readonly declaration: TSESTree.VariableDeclaration; readonly names: readonly TSESTree.Identifier[] };

function planTry(globalScope: Scope, awaitNode: Node, typed: boolean): TryPlan | TryCatchRefusal {
  const statement = statementOf(awaitNode);
  if (!statement) return 'not-a-statement';
  const region = tryRegion(statement, globalScope);
  if (typeof region !== 'string' && region.last === statement) return { kind: 'region', ...region };
  const declaration = statement.type === 'VariableDeclaration' ? statement : undefined;
  const above = declaration && declaredAbove(declaration, globalScope, typed);
  if (declaration && above && typeof above !== 'string') return { kind: 'above', declaration, names: above };
  if (typeof region !== 'string') return { kind: 'region', ...region };
  return typeof above === 'string' ? above : region;
}

/** The bindings to declare above the try: one declarator with an initialiser; patterns only in JavaScript. */
function declaredAbove(declaration: TSESTree.VariableDeclaration, globalScope: Scope, typed: boolean): TSESTree.Identifier[] | TryCatchRefusal {
  const [declarator] = declaration.declarations;
  if (declaration.declarations.length !== 1 || !declarator?.init) return 'declaration-shape';
  if (declaration.kind !== 'const' && declaration.kind !== 'let' && declaration.kind !== 'var') return 'declaration-shape';
  const { id } = declarator;
  const names = id.type === 'Identifier' ? [id] : typed ? [] : patternBindings(id, globalScope);
  if (names.length === 0) return 'declaration-shape';
  if (typed && id.type === 'Identifier' && !id.typeAnnotation && readFromNestedFunction(id, globalScope)) return 'declaration-type';
  return names;
}

function regionEdit(text: string, first: TSESTree.Statement, last: TSESTree.Statement, catchLines: CatchLines, unit: string): RangeEdit {
  const start = first.range[0];
  const end = last.range[1];
  const body = indentBody(text, start, end, unit, templateRanges(first, last));
  const lines = tryCatchText(text, start, unit, body, linesFor(catchLines, last));
  return { range: [start, end], text: lines.join(detectEol(text)) };
}

function linesFor(catchLines: CatchLines, last: Node): readonly string[] {
  return typeof catchLines === 'function' ? catchLines(endsFunction(last)) : catchLines;
}

/** The statement is the last one of a function body: nothing runs after it there. */
export function endsFunction(statement: Node): boolean {
  const block = statement.parent;
  return block?.type === 'BlockStatement' && block.body.at(-1) === statement && isFunction(block.parent);
}

/**
 * `let x; try { x = await …; } catch …` for a declaration whose bindings are used later, so only
 * the request is covered; keeps a type annotation (`let a, b; try { ({ a, b } = await …); }` for patterns).
 */
function declaredAboveTryCatchEdit(
  text: string,
  declaration: TSESTree.VariableDeclaration,
  names: readonly TSESTree.Identifier[],
  catchLines: CatchLines,
  style: Pick<CodeStyle, 'semi' | 'indent'>,
): RangeEdit {
  const { id, init } = declaration.declarations[0]! as TSESTree.VariableDeclarator & { init: TSESTree.Expression };
  const start = declaration.range[0];
  const unit = style.indent;
  const eol = detectEol(text);
  const annotation = id.type === 'Identifier' && id.typeAnnotation ? text.slice(id.typeAnnotation.range[0], id.typeAnnotation.range[1]) : '';
  const target = id.type === 'Identifier' ? id.name : text.slice(id.range[0], id.range[1]);
  const value = indentBody(text, init.range[0], init.range[1], unit, templateRanges(init, init));
  // `{ a } = x` alone would open a block: an object pattern assignment needs parentheses.
  const assignment = statement(id.type === 'ObjectPattern' ? `(${target} = ${value})` : `${target} = ${value}`, style);
  const [, ...tryBlock] = tryCatchText(text, start, unit, assignment, linesFor(catchLines, declaration));
  const declared = statement(`${declaration.kind === 'var' ? 'var' : 'let'} ${names.map((name) => name.name).join(', ')}${annotation}`, style);
  return { range: [start, declaration.range[1]], text: [declared, `${indentationOfLine(text, start)}try {`, ...tryBlock].join(eol) };
}

/** The identifiers a destructuring pattern declares (not its property keys or default values). */
function patternBindings(pattern: Node, globalScope: Scope): TSESTree.Identifier[] {
  const names: TSESTree.Identifier[] = [];
  walk(pattern, (node) => {
    if (node.type === 'Identifier' && findVariable(globalScope, node)?.defs.some((definition) => definition.name === node)) names.push(node);
  });
  return names;
}

function readFromNestedFunction(id: TSESTree.Identifier, globalScope: Scope): boolean {
  const variable = findVariable(globalScope, id);
  if (!variable) return true;
  return variable.references.some((reference) => reference.from.variableScope !== variable.scope.variableScope);
}

/** `try {` … `} catch (error) {` … `}` for a body starting at `start` (its first line unindented). */
function tryCatchText(text: string, start: number, unit: string, body: string, catchLines: readonly string[]): string[] {
  const indent = indentationOfLine(text, start);
  const inner = indent + unit;
  return ['try {', `${inner}${body}`, `${indent}} catch (error) {`, ...catchLines.map((line) => `${inner}${line}`), `${indent}}`];
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
export function errorListenerEdit(text: string, request: RequestCall, style: Pick<CodeStyle, 'semi' | 'quote'>): RangeEdit | undefined {
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
  const error = quoteString('error', style.quote);
  if (parent?.type === 'ExpressionStatement' && !isXhr) {
    return { range: [node.range[1], node.range[1]], text: `.on(${error}, (error) => ${consoleLogCall(style.quote)})` };
  }
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const declaration = parent.parent as TSESTree.VariableDeclaration;
    const name = parent.id.name;
    const listener = statement(
      isXhr
        ? `${name}.addEventListener(${error}, () => console.error(${quoteString('Request failed: network error', style.quote)}))`
        : `${name}.on(${error}, (error) => ${consoleLogCall(style.quote)})`,
      style,
    );
    const eol = detectEol(text);
    return { range: [declaration.range[1], declaration.range[1]], text: `${eol}${indentationOfLine(text, declaration.range[0])}${listener}` };
  }
  return undefined;
}


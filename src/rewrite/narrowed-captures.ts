import type { TSESTree } from '@typescript-eslint/types';
import { findVariable, walk, type Node, type Scope, type Variable } from '../analysis/ast';
import { statementList, statementOf } from '../analysis/try-region';
import { statement as statementText, type CodeStyle } from '../fixes/code-style';
import { detectEol, freeName, indentationOfLine, type TextEdit } from '../fixes/source-text';

/**
 * TypeScript forgets inside a closure how a reassigned `let`, `var` or parameter was narrowed:
 * `while (url) { withRetry(() => fetch(url)) }` is TS2345, `url` being `string | undefined` again.
 * Such a binding is read once into a `const` before the statement, and the wrapped request reads
 * that (every attempt then sends the same value, as the original call did).
 */

// Comparisons that narrow a binding's type; `i < n` does not.
const NARROWING_OPERATORS = new Set(['===', '!==', '==', '!=', 'instanceof', 'in']);

/** The capture statement and the renamed reads; none when nothing in `expression` needs it or no statement can hold it. */
export function narrowedCaptureEdits(expression: Node, globalScope: Scope, text: string, style: Pick<CodeStyle, 'semi'>): TextEdit[] {
  const statement = statementOf(expression);
  // `if (x) return fetch(url)`: no block to declare the capture in.
  if (!statement || !statementList(statement)) return [];
  const reads = new Map<Variable, TSESTree.Identifier[]>();
  walk(expression, (node) => {
    if (node.type !== 'Identifier' || !isRead(node)) return;
    const variable = findVariable(globalScope, node);
    if (!variable || !losesNarrowing(variable, expression)) return;
    const seen = reads.get(variable) ?? [];
    if (!seen.includes(node)) reads.set(variable, [...seen, node]);
  });
  if (reads.size === 0) return [];
  const indent = indentationOfLine(text, statement.range[0]);
  const eol = detectEol(text);
  const edits: TextEdit[] = [];
  const declarations: string[] = [];
  for (const [variable, identifiers] of reads) {
    const name = freeName(text, `current${variable.name[0]!.toUpperCase()}${variable.name.slice(1)}`);
    declarations.push(`${statementText(`const ${name} = ${variable.name}`, style)}${eol}${indent}`);
    for (const identifier of identifiers) {
      const shorthand = identifier.parent?.type === 'Property' && identifier.parent.shorthand && identifier.parent.value === identifier;
      edits.push({ start: identifier.range[0], end: identifier.range[1], text: shorthand ? `${variable.name}: ${name}` : name });
    }
  }
  return [{ start: statement.range[0], end: statement.range[0], text: declarations.join('') }, ...edits];
}

function isRead(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'MemberExpression' && parent.property === identifier && !parent.computed) return false;
  // A shorthand property's key and value are one name: it is read once, as the value.
  if (parent?.type === 'Property' && parent.key === identifier && !parent.computed && (!parent.shorthand || parent.value !== identifier)) return false;
  return !(parent?.type === 'AssignmentExpression' && parent.left === identifier) && parent?.type !== 'UpdateExpression';
}

/**
 * A `let`, `var` or parameter that is assigned after its declaration, that the code narrows before
 * the request, and whose declared type (when it has one) is a union or optional.
 */
function losesNarrowing(variable: Variable, expression: Node): boolean {
  const definition = variable.defs[0];
  if (!definition) return false;
  const mutable = definition.type === 'Parameter' || (definition.type === 'Variable' && definition.parent?.kind !== 'const');
  if (!mutable || !variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  if (!mayBeNarrowed(definition.name)) return false;
  return variable.references.some((reference) => reference.identifier.range[1] <= expression.range[0] && isNarrowingTest(reference.identifier));
}

/** No annotation (TypeScript infers it, maybe a union), an optional parameter, or an annotated union. */
function mayBeNarrowed(name: Node): boolean {
  if (name.type !== 'Identifier') return false;
  if (name.optional) return true;
  const annotation = name.typeAnnotation?.typeAnnotation;
  return annotation === undefined || annotation.type === 'TSUnionType' || annotation.type === 'TSUnknownKeyword';
}

/** `url` in `while (url)`, `if (!url)`, `url === null ? … : …`, `typeof url === 'string' && …`. */
function isNarrowingTest(identifier: Node): boolean {
  let node: Node = identifier;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === 'UnaryExpression' && (parent.operator === '!' || parent.operator === 'typeof')) continue;
    if (parent.type === 'BinaryExpression' && NARROWING_OPERATORS.has(parent.operator)) continue;
    if (parent.type === 'LogicalExpression') return true;
    return 'test' in parent && parent.test === node;
  }
  return false;
}

import type { TSESTree } from '@typescript-eslint/types';
import { walk, type Node } from '../analysis/ast';
import { envReplacementEdit, type EndpointFinding } from '../analysis/endpoints';
import { envExpressionText, envNameRead, exposedEnvName, unexposedEnvName, type EnvAccess, type EnvFallback } from '../analysis/env-access';
import { resolveEnvName } from '../analysis/env-name';
import { envDefaultText, envUseEdit } from '../fixes/env-use-edit';
import { continuesPreviousLine } from '../fixes/code-style';
import { detectEol, type Quote, type TextEdit } from '../fixes/source-text';
import { skipTrivia } from '../analysis/trivia';
import { findPreambleEnd, insertTopLevelStatement } from './text-edits';

/**
 * How env-endpoints writes a file's variables: each variable is read once, in a module-level
 * constant after the imports and directives (`const MODEL_SERVING_BASE_URL = process.env.MODEL_SERVING_BASE_URL ?? 'https://…';`), and every
 * endpoint refers to it, its path kept in the code (`${MODEL_SERVING_BASE_URL}/predict`). The
 * constant is one the file already has where it can be: a module-level const that reads the same
 * variable with the same default, or the module-level `const X = 'https://…'` holding exactly
 * that value, which is rewritten in place. With `fallback: 'none'`, or where an endpoint comes
 * before the preamble's end, the read stays where the endpoint is, so a missing variable throws
 * where it is used, not when the module loads. (The rule's suggestion writes the read in place too:
 * a quick fix edits the expression it is for.)
 */

export interface EnvEndpointEditsInput {
  readonly text: string;
  readonly program: TSESTree.Program;
  /** Every endpoint of the file that moves, in source order (a constant serves all of its variable's). */
  readonly endpoints: readonly EndpointFinding[];
  /** The name table (no prefix; see resolveEnvName); every endpoint's text resolves in it. */
  readonly names: ReadonlyMap<string, string>;
  readonly access: EnvAccess;
  readonly fallback: EnvFallback;
  /** Read `process.env['X']` (see needsBracketEnvAccess). */
  readonly bracketed: boolean;
  readonly fileQuote: Quote;
  /** The file's statements end with `;` (its code style). */
  readonly semi: boolean;
}

export interface EnvEndpointUse {
  readonly finding: EndpointFinding;
  /** With the access style's prefix. */
  readonly name: string;
  /** What the variable holds (its default): the endpoint's text, or the base its path is appended to. */
  readonly value: string;
}

export interface EnvEndpointEdits {
  readonly uses: readonly EnvEndpointUse[];
  readonly edits: readonly TextEdit[];
}

interface Variable {
  readonly name: string;
  readonly value: string;
  readonly uses: EndpointFinding[];
}

/** The edits for every endpoint of the file, and the constants they read. */
export function envEndpointEdits(input: EnvEndpointEditsInput): EnvEndpointEdits {
  const { text, program, endpoints, access } = input;
  const variables = new Map<string, Variable>();
  const uses: EnvEndpointUse[] = [];
  for (const finding of endpoints) {
    const assignment = resolveEnvName(input.names, finding.replacedText);
    if (assignment === undefined) throw new Error(`no name for ${finding.replacedText}`);
    const name = exposedEnvName(access, assignment.name);
    const variable = variables.get(name) ?? { name, value: assignment.base, uses: [] };
    variables.set(name, variable);
    variable.uses.push(finding);
    uses.push({ finding, name, value: assignment.base });
  }

  const edits: TextEdit[] = [];
  const declarations: string[] = [];
  let identifiers: Set<string> | undefined;
  const preambleEnd = findPreambleEnd(text, program);
  for (const variable of variables.values()) {
    const read = envExpressionText({
      access,
      fullName: variable.name,
      fallback: input.fallback,
      defaultText: envDefaultText(variable.uses, variable.value, text, input.fileQuote),
      quote: input.fileQuote,
      bracketed: input.bracketed,
    });
    const firstUse = Math.min(...variable.uses.map((finding) => finding.node.range[0]));
    if (input.fallback === 'none' || firstUse < preambleEnd) {
      for (const finding of variable.uses) edits.push(envUseEdit(finding, variable.value, read, text, false, input.fallback !== 'none'));
      continue;
    }
    const existing = existingConstant(program, variable, firstUse);
    const inPlace = existing === undefined ? inPlaceHome(variable) : undefined;
    let constant = existing ?? inPlace?.name;
    if (constant === undefined) {
      identifiers ??= identifierNames(program);
      constant = freeIdentifier(unexposedEnvName(access, variable.name), identifiers);
      identifiers.add(constant);
      declarations.push(`const ${constant} = ${read}`);
    }
    for (const finding of variable.uses) {
      edits.push(finding === inPlace?.finding ? envReplacementEdit(finding, text, read) : envUseEdit(finding, variable.value, constant, text, true, false));
    }
  }
  if (declarations.length > 0) {
    // Without semicolons the constant still needs one when the code after it would continue its line.
    const semicolon = input.semi || continuesPreviousLine(text.slice(skipTrivia(text, preambleEnd))) ? ';' : '';
    const statements = declarations.map((declaration) => declaration + semicolon).join(detectEol(text));
    edits.push(insertTopLevelStatement(text, program, statements, { separated: true }));
  }
  return { uses, edits };
}

/** A module-level `const X = process.env.NAME ?? 'value'` (or `||`) declared before `before`. */
function existingConstant(program: TSESTree.Program, variable: Variable, before: number): string | undefined {
  for (const declarator of moduleConstants(program)) {
    const init = declarator.init;
    if (declarator.range[1] > before || init?.type !== 'LogicalExpression' || init.operator === '&&') continue;
    const isDefault = init.right.type === 'Literal' && init.right.value === variable.value;
    if (isDefault && envNameRead(init.left as Node) === variable.name && declarator.id.type === 'Identifier') return declarator.id.name;
  }
  return undefined;
}

/** `const X = 'value'` at module level, one of the variable's endpoints, declared before its other ones. */
function inPlaceHome(variable: Variable): { name: string; finding: EndpointFinding } | undefined {
  for (const finding of variable.uses) {
    if (finding.kind !== 'literal' || finding.replacedText !== variable.value) continue;
    // `const API = 'https://…' as const` keeps its assertion on the default.
    const written = finding.node.parent?.type === 'TSAsExpression' ? finding.node.parent : finding.node;
    const declarator = written.parent;
    if (declarator?.type !== 'VariableDeclarator' || declarator.init !== written || declarator.id.type !== 'Identifier') continue;
    const declaration = declarator.parent;
    const atModuleLevel = declaration.parent.type === 'Program' || (declaration.parent.type === 'ExportNamedDeclaration' && declaration.parent.parent.type === 'Program');
    const beforeOthers = variable.uses.every((other) => other === finding || other.node.range[0] > declarator.range[1]);
    if (declaration.kind === 'const' && atModuleLevel && beforeOthers) return { name: declarator.id.name, finding };
  }
  return undefined;
}

function moduleConstants(program: TSESTree.Program): TSESTree.VariableDeclarator[] {
  return program.body.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    return declaration?.type === 'VariableDeclaration' && declaration.kind === 'const' ? declaration.declarations : [];
  });
}

/** Every identifier written in the file: a new constant must not shadow, or be shadowed by, any of them. */
function identifierNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'Identifier' || node.type === 'JSXIdentifier') names.add(node.name);
  });
  return names;
}

function freeIdentifier(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  let counter = 2;
  while (taken.has(`${name}_${counter}`)) counter++;
  return `${name}_${counter}`;
}

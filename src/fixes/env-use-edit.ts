import { envReplacementEdit, fallbackValueText, type EndpointFinding } from '../analysis/endpoints';
import { quoteString, type Quote, type TextEdit } from './source-text';

/**
 * One endpoint rewritten to read its variable, for the env-endpoints transform and the rule's
 * suggestion alike: the whole value, or, when the variable holds a base the endpoint extends, a
 * template that keeps the endpoint's path in the code (`${MODEL_SERVING_BASE_URL}/predict`).
 */

/** The default as the code wrote it where an endpoint is exactly the value; else in the quotes of the endpoint's literal. */
export function envDefaultText(uses: readonly EndpointFinding[], value: string, text: string, fileQuote: Quote): string {
  const whole = uses.find((finding) => finding.replacedText === value);
  if (whole !== undefined) return fallbackValueText(whole, text, fileQuote);
  const literal = uses.find((finding) => finding.node.type === 'Literal');
  const quote: Quote = literal?.node.type === 'Literal' && literal.node.raw.startsWith('"') ? '"' : literal ? "'" : fileQuote;
  return quoteString(value, quote);
}

/**
 * The endpoint rewritten to read `expression` (the constant, or an env read when `atomic` is
 * false): whole, or as a template that appends its path. A literal that becomes anything but a
 * read ending in its own default (`endsInDefault`) loses its `as const` (TS1355).
 */
export function envUseEdit(finding: EndpointFinding, value: string, expression: string, text: string, atomic: boolean, endsInDefault: boolean): TextEdit {
  const rest = finding.replacedText.slice(value.length);
  if (rest === '') {
    const edit = envReplacementEdit(finding, text, expression, atomic);
    return endsInDefault ? edit : withoutConstAssertion(edit, finding, atomic);
  }
  const template = `\`\${${expression}}${rest.replace(/[\\`]|\$(?=\{)/g, (char) => `\\${char}`)}\``;
  return withoutConstAssertion(envReplacementEdit(finding, text, template, true), finding, true);
}

/**
 * `'https://…' as const` (or `<const>'https://…'`): with a default the assertion stays on the
 * default literal, but a constant or a template leaves no literal for it, nor does `fallback:
 * 'none'`, and TypeScript rejects it. A value read at run time has no literal type anyway.
 */
function withoutConstAssertion(edit: TextEdit, finding: EndpointFinding, replacedWhole: boolean): TextEdit {
  const node = finding.node;
  const assertion = node.parent;
  const isConstAssertion =
    finding.kind === 'literal' &&
    (assertion?.type === 'TSAsExpression' || assertion?.type === 'TSTypeAssertion') &&
    assertion.expression === node &&
    assertion.typeAnnotation.type === 'TSTypeReference' &&
    assertion.typeAnnotation.typeName.type === 'Identifier' &&
    assertion.typeAnnotation.typeName.name === 'const';
  if (!isConstAssertion) return edit;
  // Parenthesised unless atomic, because the operator around the assertion is not known here.
  return { start: assertion.range[0], end: assertion.range[1], text: replacedWhole ? edit.text : `(${edit.text})` };
}

import jsTokens, { type JSXToken, type Token } from 'js-tokens';

/**
 * A file's text with its comments blanked out (same length, line breaks kept), for the CLI's
 * pre-filter: `fetch` or `axios` in a comment is a mention a text test counts but no request.
 * js-tokens tells comments from regular expressions, strings and JSX text without parsing, at a
 * small fraction of a parse's cost; when its reading shows trouble (an unclosed token, an invalid
 * character) the answer is undefined and the caller keeps the whole text.
 */
export function commentFreeText(text: string, filePath: string): string | undefined {
  // TypeScript files cannot hold JSX, and `<T>x` casts would read as tags.
  const tokens: Iterable<Token | JSXToken> = /\.[cm]?ts$/i.test(filePath) ? jsTokens(text) : jsTokens(text, { jsx: true });
  const parts: string[] = [];
  // Only comments change: the code between them is copied a stretch at a time.
  let offset = 0;
  let copied = 0;
  for (const token of tokens) {
    if (('closed' in token && !token.closed) || token.type === 'Invalid' || token.type === 'JSXInvalid') return undefined;
    if (token.type === 'SingleLineComment' || token.type === 'MultiLineComment') {
      parts.push(text.slice(copied, offset), token.value.replace(/[^\r\n\u2028\u2029]/g, ' '));
      copied = offset + token.value.length;
    }
    offset += token.value.length;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

import jsTokens, { type JSXToken, type Token } from 'js-tokens';
import { parseLazily, type CommentSpan } from '../rewrite/parse';

/**
 * A file's text with its comments blanked out (same length, line breaks kept), for the CLI's
 * pre-filter: `fetch` or `axios` in a comment is a mention a text test counts but no request.
 * The comments come from oxc's parse of the file, which the transforms then reuse (the tree is
 * built only when they ask for it), so a file that goes on costs no extra reading. A file oxc
 * refuses is read by js-tokens, which tells comments from regular expressions, strings and JSX
 * text without parsing; when its reading shows trouble (an unclosed token, an invalid character)
 * the answer is undefined and the caller keeps the whole text.
 */
export function commentFreeText(text: string, filePath: string): string | undefined {
  let comments: readonly CommentSpan[];
  try {
    comments = parseLazily(text, filePath).comments;
  } catch {
    // Reported by the transform that parses it, if the rest of the pre-filter lets it through.
    return tokenizedCommentFreeText(text, filePath);
  }
  return blankComments(text, comments);
}

function tokenizedCommentFreeText(text: string, filePath: string): string | undefined {
  // TypeScript files cannot hold JSX, and `<T>x` casts would read as tags.
  const tokens: Iterable<Token | JSXToken> = /\.[cm]?ts$/i.test(filePath) ? jsTokens(text) : jsTokens(text, { jsx: true });
  const comments: CommentSpan[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (('closed' in token && !token.closed) || token.type === 'Invalid' || token.type === 'JSXInvalid') return undefined;
    if (token.type === 'SingleLineComment' || token.type === 'MultiLineComment') comments.push({ start: offset, end: offset + token.value.length });
    offset += token.value.length;
  }
  return blankComments(text, comments);
}

/** `text` with each comment's characters but line breaks turned into spaces; comments in order. */
function blankComments(text: string, comments: readonly CommentSpan[]): string {
  const parts: string[] = [];
  let copied = 0;
  for (const { start, end } of comments) {
    parts.push(text.slice(copied, start), text.slice(start, end).replace(/[^\r\n\u2028\u2029]/g, ' '));
    copied = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

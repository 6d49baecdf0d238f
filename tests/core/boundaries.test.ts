import { describe, expect, it } from 'vitest';
import type { FunctionNode } from '../../src/analysis/ast';
import { expressNext, runsInBrowser } from '../../src/analysis/boundaries';
import { walk } from '../../src/analysis/requests';
import { parseForAnalysis } from '../../src/rewrite/parse';

function firstFunction(code: string, filePath = 'server.ts'): FunctionNode {
  const { ast } = parseForAnalysis(code, filePath);
  let found: FunctionNode | undefined;
  walk(ast, (node) => {
    if (!found && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')) found = node;
  });
  return found!;
}

describe('expressNext', () => {
  it.each([
    ['app.get(p, async (req, res, next) => {});', { name: 'next' }],
    ['app.use(async (err, req, res, done) => {});', { name: 'done' }],
    ['app.get(p, async (req, res) => {});', { name: 'next', insertAfter: 'res' }],
    // An inline handler is contextually typed, so an added `next` gets its type.
    ['app.get(p, async (req: Request, res: Response) => {});', { name: 'next', insertAfter: 'res: Response' }],
  ])('%s', (code, expected) => {
    const next = expressNext(firstFunction(code));
    const { insertAfter, ...rest } = next!;
    expect({ ...rest, ...(insertAfter ? { insertAfter: code.slice(...insertAfter.range) } : {}) }).toEqual(expected);
  });

  it.each([
    ['one parameter', 'app.get(p, async (req) => {});'],
    ['a destructured parameter', 'app.get(p, async ({ query }, res) => {});'],
    ['`next` already used', 'app.get(p, async (req, res) => { next(); });'],
    ['typed parameters of a handler declared apart', 'async function show(req: Request, res: Response) {}\napp.get(p, show);'],
  ])('none with %s', (_name, code) => {
    expect(expressNext(firstFunction(code))).toBeUndefined();
  });
});

describe('runsInBrowser', () => {
  const browser = (code: string, filePath = 'a.js') => {
    const { ast, scopeManager } = parseForAnalysis(code, filePath);
    return runsInBrowser(ast, scopeManager!.globalScope as never, filePath);
  };

  it('sees JSX files, "use client" and browser globals; a Node script is not one', () => {
    expect(browser('fetch(u);', 'App.tsx')).toBe(true);
    expect(browser('"use client";\nfetch(u);')).toBe(true);
    expect(browser('document.title = "x";\nfetch(u);')).toBe(true);
    expect(browser('const fs = require("fs");\nfetch(u).then(() => process.exit(0));')).toBe(false);
  });
});

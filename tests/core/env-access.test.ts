import { describe, expect, it } from 'vitest';
import {
  envExpressionText,
  envNameRead,
  envReadsIn,
  envReadText,
  exposedEnvName,
  needsBracketEnvAccess,
  unexposedEnvName,
} from '../../src/analysis/env-access';
import { parseSource } from '../../src/rewrite/parse';
import { walk } from '../../src/analysis/requests';

describe('names and reads', () => {
  it('adds the access prefix once and strips it back', () => {
    expect(exposedEnvName('vite', 'API_BASE_URL')).toBe('VITE_API_BASE_URL');
    expect(exposedEnvName('vite', 'VITE_API_BASE_URL')).toBe('VITE_API_BASE_URL');
    expect(exposedEnvName('next-public', 'API_BASE_URL')).toBe('NEXT_PUBLIC_API_BASE_URL');
    expect(exposedEnvName('process', 'API_BASE_URL')).toBe('API_BASE_URL');
    expect(exposedEnvName('react-app', 'API_BASE_URL')).toBe('REACT_APP_API_BASE_URL');
    expect(unexposedEnvName('react-app', 'REACT_APP_API_BASE_URL')).toBe('API_BASE_URL');
    expect(unexposedEnvName('next-public', 'NEXT_PUBLIC_API_BASE_URL')).toBe('API_BASE_URL');
    expect(unexposedEnvName('vite', 'API_BASE_URL')).toBe('API_BASE_URL');
    expect(unexposedEnvName('process', 'VITE_API_BASE_URL')).toBe('VITE_API_BASE_URL');
  });

  it('reads through the exact member expressions bundlers replace', () => {
    expect(envReadText('process', 'X')).toBe('process.env.X');
    expect(envReadText('next-public', 'NEXT_PUBLIC_X')).toBe('process.env.NEXT_PUBLIC_X');
    expect(envReadText('vite', 'VITE_X')).toBe('import.meta.env.VITE_X');
    expect(envReadText('react-app', 'REACT_APP_X', "'")).toBe('process.env.REACT_APP_X');
  });

  it('brackets process.env reads where noPropertyAccessFromIndexSignature forbids the dot, but never the bundler forms', () => {
    expect(envReadText('process', 'X', '"')).toBe('process.env["X"]');
    expect(envReadText('next-public', 'NEXT_PUBLIC_X', "'")).toBe('process.env.NEXT_PUBLIC_X');
    expect(envReadText('vite', 'VITE_X', "'")).toBe('import.meta.env.VITE_X');
    const strictest = { noPropertyAccessFromIndexSignature: true };
    expect(needsBracketEnvAccess('src/a.ts', strictest)).toBe(true);
    expect(needsBracketEnvAccess('src/a.mts', strictest)).toBe(true);
    expect(needsBracketEnvAccess('src/a.tsx', strictest)).toBe(true);
    expect(needsBracketEnvAccess('src/a.js', strictest)).toBe(false);
    expect(needsBracketEnvAccess('src/a.ts', { noPropertyAccessFromIndexSignature: false })).toBe(false);
    expect(needsBracketEnvAccess('src/a.ts', undefined)).toBe(false);
  });

  it('recognises env reads by name', () => {
    const names: string[] = [];
    const { ast } = parseSource("process.env.A; process.env['B']; import.meta.env.VITE_C; env.D; process.argv.E; other.env.F;\n", 'a.ts');
    walk(ast, (node) => {
      const name = envNameRead(node);
      if (name !== undefined) names.push(name);
    });
    expect(names).toEqual(['A', 'B', 'VITE_C']);
  });

  it('collects the names a file reads and the URLs it already defaults to', () => {
    const { ast } = parseSource(
      [
        "const a = process.env.ACME_BASE_URL ?? 'https://acme.io';",
        "const b = import.meta.env.VITE_SHOP_BASE_URL || 'https://shop.io';",
        "const c = process.env.DEBUG && 'https://debug.io';",
        'const d = process.env.PORT;',
      ].join('\n'),
      'a.ts',
    );
    const { names, defaults } = envReadsIn(ast);
    expect([...names].sort()).toEqual(['ACME_BASE_URL', 'DEBUG', 'PORT', 'VITE_SHOP_BASE_URL']);
    expect([...defaults]).toEqual([
      ['https://acme.io', 'ACME_BASE_URL'],
      ['https://shop.io', 'VITE_SHOP_BASE_URL'],
    ]);
  });
});

describe('envExpressionText', () => {
  const parts = { access: 'process', fullName: 'MODEL_SERVING_ENDPOINT', defaultText: '"https://m.io/predict"', quote: "'", bracketed: false } as const;

  it('writes the env read with the chosen fallback and the default as given', () => {
    expect(envExpressionText({ ...parts, fallback: '??' })).toBe('process.env.MODEL_SERVING_ENDPOINT ?? "https://m.io/predict"');
    expect(envExpressionText({ ...parts, fallback: '||' })).toBe('process.env.MODEL_SERVING_ENDPOINT || "https://m.io/predict"');
    expect(envExpressionText({ ...parts, access: 'vite', fullName: 'VITE_M', fallback: '??' })).toBe(
      'import.meta.env.VITE_M ?? "https://m.io/predict"',
    );
  });

  it("'none' needs no import and throws naming the variable when it is unset or empty", () => {
    const text = envExpressionText({ ...parts, fallback: 'none' });
    expect(text).not.toContain('https://');
    const evaluate = (env: Record<string, string>) => new Function('process', `return ${text};`)({ env }) as string;
    expect(evaluate({ MODEL_SERVING_ENDPOINT: 'http://127.0.0.1:8000' })).toBe('http://127.0.0.1:8000');
    expect(() => evaluate({})).toThrow(new Error('Missing environment variable MODEL_SERVING_ENDPOINT'));
    expect(() => evaluate({ MODEL_SERVING_ENDPOINT: '' })).toThrow('MODEL_SERVING_ENDPOINT');
  });

  it('reads with brackets when asked, in the quote given', () => {
    expect(envExpressionText({ ...parts, fallback: '??', bracketed: true })).toBe("process.env['MODEL_SERVING_ENDPOINT'] ?? \"https://m.io/predict\"");
  });

  it("'none' quotes the message with the quote it is given", () => {
    expect(envExpressionText({ ...parts, fallback: 'none', quote: '"' })).toContain('new Error("Missing environment variable MODEL_SERVING_ENDPOINT")');
  });
});

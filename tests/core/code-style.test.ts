import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/rewrite/parse';
import { DEFAULT_CODE_STYLE, inferCodeStyle, inlineStatements, statement } from '../../src/fixes/code-style';

const styleOf = (code: string, configured = {}, filePath = 'file.ts') => inferCodeStyle(code, parseSource(code, filePath).ast, configured);

describe('inferCodeStyle', () => {
  it('reads semicolons from the statements that could end with one', () => {
    expect(styleOf("import a from 'a';\nconst b = a();\nexport default b;\n").semi).toBe(true);
    expect(styleOf("import a from 'a'\nconst b = a()\nfor (let i = 0; i < 2; i++) b(i)\nexport default b\n").semi).toBe(false);
    // A class field and a type alias count too; a `for` head's declaration does not.
    expect(styleOf('type A = string\nclass B { x = 1 }\nfor (let i = 0; i < 1; i++) {}\n').semi).toBe(false);
    expect(styleOf('').semi).toBe(true);
  });

  it('reads trailing commas from multi-line literals and calls', () => {
    expect(styleOf('const a = {\n  b: 1,\n};\nf(\n  a,\n);\n').trailingComma).toBe('all');
    expect(styleOf('const a = {\n  b: 1,\n};\nf(\n  a\n);\n').trailingComma).toBe('es5');
    expect(styleOf('const a = [\n  1\n];\n').trailingComma).toBe('none');
    // One-line lists say nothing: the default.
    expect(styleOf('const a = { b: 1 };\n').trailingComma).toBe(DEFAULT_CODE_STYLE.trailingComma);
  });

  it('reads the print width most lines keep to', () => {
    const lines = (width: number) => Array.from({ length: 200 }, () => `x(${'a'.repeat(width - 4)});`).join('\n');
    expect(styleOf(lines(70)).printWidth).toBe(80);
    expect(styleOf(lines(95)).printWidth).toBe(100);
    expect(styleOf(`${lines(70)}\nconst url = '${'u'.repeat(150)}';\n`).printWidth).toBe(80);
  });

  it('takes what the project configures over what the file suggests, except an indented file\'s step', () => {
    const code = 'function f() {\n    return "a";\n}\n';
    expect(styleOf(code)).toEqual({ semi: true, quote: '"', trailingComma: 'all', indent: '    ', printWidth: 80 });
    expect(styleOf(code, { semi: false, quote: "'", indent: '\t', printWidth: 120, trailingComma: 'none' })).toEqual({
      semi: false,
      quote: "'",
      trailingComma: 'none',
      indent: '    ',
      printWidth: 120,
    });
    expect(styleOf('await f();\n', { indent: '\t' }).indent).toBe('\t');
  });
});

describe('statement', () => {
  it('ends a statement with a semicolon, or guards a line that would continue the previous one', () => {
    expect(statement('throw error', { semi: true })).toBe('throw error;');
    expect(statement('throw error', { semi: false })).toBe('throw error');
    expect(statement('({ a } = await f())', { semi: false })).toBe(';({ a } = await f())');
    expect(statement('[a] = b', { semi: false })).toBe(';[a] = b');
  });

  it('joins one-line statements with the separators ASI needs', () => {
    expect(inlineStatements(['log(error)', 'throw error'], { semi: true })).toBe('log(error); throw error;');
    expect(inlineStatements(['log(error)', 'throw error'], { semi: false })).toBe('log(error); throw error');
  });
});

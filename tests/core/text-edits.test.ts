import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/rewrite/parse';
import { applyTextEdits, findHeaderEnd, findPreambleEnd, insertTopLevelStatement } from '../../src/rewrite/text-edits';
import { detectEol, detectIndentUnit, indentationOfLine, preferredQuote, quoteString, reindent } from '../../src/fixes/source-text';

const astOf = (code: string, filePath = 'file.ts') => parseSource(code, filePath).ast;

/** The text before the preamble end, to make expectations readable. */
function upToPreambleEnd(code: string, filePath?: string): string {
  return code.slice(0, findPreambleEnd(code, astOf(code, filePath)));
}

function withInsertedImport(code: string, filePath?: string): string {
  return applyTextEdits(code, [insertTopLevelStatement(code, astOf(code, filePath), "import { withRetry } from './retry';")]);
}

describe('applyTextEdits', () => {
  it('applies edits given in any order', () => {
    const source = 'const url = "http://x";\nfetch(url);\n';
    const output = applyTextEdits(source, [
      { start: 24, end: 29, text: 'await fetch' },
      { start: 12, end: 22, text: 'process.env.API_URL' },
    ]);
    expect(output).toBe('const url = process.env.API_URL;\nawait fetch(url);\n');
  });

  it('keeps the given order of insertions at one offset, before a replacement starting there', () => {
    const output = applyTextEdits('abc', [
      { start: 1, end: 2, text: 'B' },
      { start: 1, end: 1, text: '1' },
      { start: 1, end: 1, text: '2' },
    ]);
    expect(output).toBe('a12Bc');
  });

  it('allows adjacent replacements', () => {
    expect(applyTextEdits('abcd', [{ start: 2, end: 4, text: 'CD' }, { start: 0, end: 2, text: 'AB' }])).toBe('ABCD');
  });

  it('rejects overlapping edits', () => {
    expect(() => applyTextEdits('abcdef', [{ start: 0, end: 3, text: 'x' }, { start: 2, end: 4, text: 'y' }])).toThrow(/overlaps/);
    expect(() => applyTextEdits('abcdef', [{ start: 1, end: 5, text: 'x' }, { start: 3, end: 3, text: 'y' }])).toThrow(/overlaps/);
  });

  it('rejects edits outside the source', () => {
    expect(() => applyTextEdits('abc', [{ start: 2, end: 9, text: '' }])).toThrow(/outside/);
    expect(() => applyTextEdits('abc', [{ start: 2, end: 1, text: '' }])).toThrow(/outside/);
  });

  it('preserves CRLF line endings outside the edited ranges', () => {
    const source = 'const a = 1;\r\nconst b = 2;\r\n';
    const output = applyTextEdits(source, [{ start: 10, end: 11, text: '10' }]);
    expect(output).toBe('const a = 10;\r\nconst b = 2;\r\n');
  });
});

describe('line endings and indentation', () => {
  it('detects the majority line ending', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\nc\r\n')).toBe('\n');
    expect(detectEol('single line')).toBe('\n');
  });

  it('reads the indentation of the line holding an offset', () => {
    const source = 'function f() {\n\t\tif (a) {\n\t\t\tgo();\n';
    expect(indentationOfLine(source, source.indexOf('go'))).toBe('\t\t\t');
    expect(indentationOfLine(source, source.indexOf('if'))).toBe('\t\t');
    expect(indentationOfLine(source, 3)).toBe('');
    expect(indentationOfLine('a\r\n    b', 7)).toBe('    ');
  });

  it('detects tabs, four spaces, two spaces and the default', () => {
    expect(detectIndentUnit('function f() {\n\tif (a) {\n\t\tb();\n\t}\n}\n')).toBe('\t');
    expect(detectIndentUnit('function f() {\n    if (a) {\n        b();\n    }\n}\n')).toBe('    ');
    expect(detectIndentUnit('/**\n * Doc\n */\nfunction f() {\n  if (a) {\n    b();\n  }\n}\n')).toBe('  ');
    expect(detectIndentUnit('a();\nb();\n')).toBe('  ');
  });

  it('re-bases a multi-line snippet onto an indentation and line ending', () => {
    const snippet = '  try {\n    await send();\n\n  } catch (error) {\n    log(error);\n  }';
    expect(reindent(snippet, '\t', '\r\n', '\t')).toBe('try {\r\n\t\tawait send();\r\n\r\n\t} catch (error) {\r\n\t\tlog(error);\r\n\t}');
    expect(reindent('a\r\nb', '    ', '\n')).toBe('a\n    b');
  });
});

describe('quotes', () => {
  it('prefers the quote most string literals use, single on a tie', () => {
    expect(preferredQuote('import a from "a";\nconst b = "b";\nconst c = \'c\';\n')).toBe('"');
    expect(preferredQuote("const a = 'a'; // don't \"count\" \"comments\"\n")).toBe("'");
    expect(preferredQuote('const a = `"x"`;\n')).toBe("'");
    expect(preferredQuote('const a = "a"; const b = \'b\';')).toBe("'");
  });

  it('counts exactly with an AST and ignores JSX attributes', () => {
    const code = "import a from 'a';\nexport const A = () => <div className=\"x\" title=\"y\" id=\"w\">{'z'}</div>;\n";
    expect(preferredQuote(code, astOf(code, 'A.tsx'))).toBe("'");
    expect(preferredQuote(code)).toBe('"');
  });

  it('escapes a value for either quote', () => {
    expect(quoteString("it's \"here\"", "'")).toBe("'it\\'s \"here\"'");
    expect(quoteString("it's \"here\"", '"')).toBe('"it\'s \\"here\\""');
    expect(quoteString('C:\\dir\nnext\u2028\u0000\u001b', "'")).toBe("'C:\\\\dir\\nnext\\u2028\\x00\\x1b'");
  });

  it('produces literals that evaluate back to the value', () => {
    const value = 'a\'b"c\\d\re\tf\u2029g\u0007';
    for (const quote of ["'", '"'] as const) {
      expect(new Function(`return ${quoteString(value, quote)};`)()).toBe(value);
    }
  });
});

describe('findPreambleEnd', () => {
  it('skips a shebang and a use strict directive in a CommonJS script', () => {
    const code = "#!/usr/bin/env node\n'use strict';\n\nconst http = require('http');\nhttp.get('x');\n";
    expect(upToPreambleEnd(code, 'bin.cjs')).toBe("#!/usr/bin/env node\n'use strict';\n\nconst http = require('http');");
  });

  it('skips "use client" and every import', () => {
    const code = '"use client";\nimport a from "a";\nimport { b } from "b"; // why b\n\nexport function C() {}\n';
    expect(upToPreambleEnd(code, 'C.tsx')).toBe('"use client";\nimport a from "a";\nimport { b } from "b"; // why b');
  });

  it('joins the last import even after other statements', () => {
    const code = "import a from 'a';\njest.mock('b');\nimport b from 'b';\nrun();\n";
    expect(upToPreambleEnd(code)).toBe("import a from 'a';\njest.mock('b');\nimport b from 'b';");
  });

  it('skips a licence header and // @ts-check, but not the JSDoc of the first statement', () => {
    const code = '/*!\n * Copyright (c) Example\n */\n// @ts-check\n/** @type {import("x").Y} */\nconst y = make();\n';
    expect(upToPreambleEnd(code, 'y.js')).toBe('/*!\n * Copyright (c) Example\n */\n// @ts-check');
  });

  it('keeps a blank-line-separated header comment above and an eslint-disable-next-line with its statement', () => {
    const code = '// Service client for the model server.\n\n// eslint-disable-next-line no-console\nconsole.log(1);\n';
    expect(upToPreambleEnd(code, 'a.js')).toBe('// Service client for the model server.');
  });

  it('returns 1 after a BOM, 0 for an empty file, and the end of a comment-only file', () => {
    expect(findPreambleEnd('\uFEFFconst a = 1;\n', astOf('\uFEFFconst a = 1;\n'))).toBe(1);
    expect(findPreambleEnd('', astOf(''))).toBe(0);
    const comments = '// one\n/* two */\n';
    expect(findPreambleEnd(comments, astOf(comments))).toBe(comments.indexOf('\n', 8));
  });

  it('ends the header at the directive prologue, before the imports', () => {
    const code = "// licence\n'use strict';\nconst a = require('a');\n";
    expect(code.slice(0, findHeaderEnd(code, astOf(code, 'a.cjs')))).toBe("// licence\n'use strict';");
  });
});

describe('insertTopLevelStatement', () => {
  it('separated: a blank line on either side where code meets it, none added where one is already', () => {
    const separated = (code: string, filePath?: string): string =>
      applyTextEdits(code, [insertTopLevelStatement(code, astOf(code, filePath), 'const A = 1;', { separated: true })]);
    expect(separated("import a from 'a';\r\nrun();\r\n")).toBe("import a from 'a';\r\n\r\nconst A = 1;\r\n\r\nrun();\r\n");
    expect(separated("import a from 'a';\n\nrun();\n")).toBe("import a from 'a';\n\nconst A = 1;\n\nrun();\n");
    expect(separated('run();\n')).toBe('const A = 1;\n\nrun();\n');
    expect(separated("'use client';\nrun();\n", 'page.tsx')).toBe("'use client';\n\nconst A = 1;\n\nrun();\n");
  });

  it('lands after the last import with the file EOL in a CRLF file', () => {
    const code = "import a from 'a';\r\nimport b from 'b';\r\n\r\nrun();\r\n";
    expect(withInsertedImport(code)).toBe("import a from 'a';\r\nimport b from 'b';\r\nimport { withRetry } from './retry';\r\n\r\nrun();\r\n");
  });

  it('goes after the shebang and directive of a script', () => {
    const code = "#!/usr/bin/env node\n'use strict';\nmain();\n";
    expect(withInsertedImport(code, 'bin.js')).toBe("#!/usr/bin/env node\n'use strict';\nimport { withRetry } from './retry';\nmain();\n");
  });

  it('goes before a first statement and its comment when there is no preamble', () => {
    const code = '/** Entry. */\nmain();\n';
    expect(withInsertedImport(code)).toBe("import { withRetry } from './retry';\n/** Entry. */\nmain();\n");
  });

  it('keeps a BOM first', () => {
    expect(withInsertedImport('\uFEFFmain();\r\n')).toBe("\uFEFFimport { withRetry } from './retry';\r\nmain();\r\n");
  });

  it('fills an empty file and follows a comment-only file', () => {
    expect(withInsertedImport('')).toBe("import { withRetry } from './retry';\n");
    expect(withInsertedImport('// nothing yet')).toBe("// nothing yet\nimport { withRetry } from './retry';");
  });

  it('moves code that shares the anchor line onto its own line', () => {
    expect(withInsertedImport("'use strict'; main();")).toBe("'use strict';\nimport { withRetry } from './retry';\n main();");
  });
});

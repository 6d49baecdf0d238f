import { describe, expect, it } from 'vitest';
import { verifyTransformOutput } from '../../src/rewrite/verify-output';

const original = "#!/usr/bin/env node\n// @ts-check\n'use strict';\nconst http = require('http');\nhttp.get(URL);\n";

describe('verifyTransformOutput', () => {
  it('accepts an output that only adds code after the preamble', () => {
    const output = original.replace("require('http');\n", "require('http');\nconst { withRetry } = require('./retry');\n");
    expect(verifyTransformOutput(original, output, 'bin/cli.js')).toEqual({ ok: true });
  });

  it('accepts a CRLF file that stays CRLF', () => {
    const crlf = "import a from 'a';\r\na();\r\n";
    expect(verifyTransformOutput(crlf, "import a from 'a';\r\nimport b from 'b';\r\na(b);\r\n", 'a.ts')).toEqual({ ok: true });
  });

  it('accepts an import inserted between the header and a documented first statement', () => {
    const source = '// @ts-check\n/** @type {number} */\nconst a = get();\n';
    const output = "// @ts-check\nimport { get } from './get';\n/** @type {number} */\nconst a = get();\n";
    expect(verifyTransformOutput(source, output, 'a.js')).toEqual({ ok: true });
  });

  it('catches a changed shebang', () => {
    const output = original.replace('#!/usr/bin/env node', '#!/usr/bin/node');
    expect(verifyTransformOutput(original, output, 'bin/cli.js')).toEqual({ ok: false, reason: 'the shebang line changed' });
  });

  it('catches a statement inserted above the directive', () => {
    const output = original.replace("'use strict';", "const retry = require('./retry');\n'use strict';");
    expect(verifyTransformOutput(original, output, 'bin/cli.js')).toEqual({ ok: false, reason: 'the directive prologue changed' });
  });

  it('catches a changed directive', () => {
    const source = '"use client";\nexport function A() {}\n';
    const output = "'use client';\nexport function A() {}\n";
    expect(verifyTransformOutput(source, output, 'A.tsx')).toEqual({ ok: false, reason: 'the directive prologue changed' });
  });

  it('catches a directive added after the prologue, or to a file without one', () => {
    const added = original.replace("'use strict';\n", "'use strict';\n// retry\n\"use client\";\n");
    expect(verifyTransformOutput(original, added, 'bin/cli.js')).toEqual({ ok: false, reason: 'the directive prologue changed' });
    expect(verifyTransformOutput('fetch(url);\n', "/* x */ 'use client';\nfetch(url);\n", 'a.js')).toEqual({
      ok: false,
      reason: 'the directive prologue changed',
    });
  });

  it('catches a directive without a semicolon that the next line now continues', () => {
    const source = "'use strict'\nfetch(url);\n";
    const output = "'use strict'\n(retry)(fetch(url));\n";
    expect(verifyTransformOutput(source, output, 'a.js')).toEqual({ ok: false, reason: 'the directive prologue changed' });
  });

  it('accepts a statement added after directives with and without semicolons', () => {
    expect(verifyTransformOutput("'use strict'\nfetch(url);\n", "'use strict'\nconst r = 1;\nfetch(url);\n", 'a.js')).toEqual({ ok: true });
    expect(verifyTransformOutput("'use strict';\nfetch(url);\n", "'use strict';\n-1;\nfetch(url);\n", 'a.js')).toEqual({ ok: true });
  });

  it('catches header comments that moved', () => {
    const source = '/* Copyright Example */\nfetch(url);\n';
    const output = "import { withRetry } from './retry';\n/* Copyright Example */\nfetch(url);\n";
    expect(verifyTransformOutput(source, output, 'a.ts')).toEqual({
      ok: false,
      reason: 'the file header (comments before the first statement, directives) changed',
    });
  });

  it('catches a lost or added BOM', () => {
    expect(verifyTransformOutput('\uFEFFa();\n', 'a();\n', 'a.js')).toEqual({ ok: false, reason: 'the byte order mark was added or removed' });
    expect(verifyTransformOutput('a();\n', '\uFEFFa();\n', 'a.js')).toEqual({ ok: false, reason: 'the byte order mark was added or removed' });
  });

  it('catches LF to CRLF drift, even on one added line', () => {
    const lf = 'a();\nb();\nc();\n';
    expect(verifyTransformOutput(lf, 'a();\r\nb();\r\nc();\r\n', 'a.js')).toEqual({ ok: false, reason: 'the line endings changed (LF → CRLF)' });
    expect(verifyTransformOutput(lf, 'a();\nb();\r\nx();\nc();\n', 'a.js')).toEqual({
      ok: false,
      reason: 'the line endings changed (LF → mixed LF)',
    });
  });

  it('catches an unparsable output', () => {
    const result = verifyTransformOutput('fetch(url);\n', 'fetch(url;\n', 'src/a.ts');
    expect(result).toEqual({ ok: false, reason: "the output does not parse: src/a.ts:1:10: Expected `,` or `)` but found `;`" });
  });

  it('requires the grammar the original needed', () => {
    const source = 'const n = <number>value;\n';
    const output = 'const n = <number>value;\nconst el = <div />;\n';
    const result = verifyTransformOutput(source, output, 'legacy.js');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^the output does not parse: legacy\.js:\d+:\d+: /);
  });

  it('refuses to vouch for an output when the original does not parse', () => {
    const result = verifyTransformOutput('const = ;\n', 'const a = 1;\n', 'a.ts');
    expect(!result.ok && result.reason).toMatch(/^the original does not parse/);
  });
});

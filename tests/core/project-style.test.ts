import { describe, expect, it } from 'vitest';
import { findPrettierConfig, projectStyle } from '../../src/rewrite/project-style';
import { tempTree } from '../temp-tree';

describe('projectStyle', () => {
  const tree = tempTree('project-style-');

  it('reads .prettierrc as JSON or YAML, the nearest config winning', () => {
    tree.write('json/.prettierrc', '{ "semi": false, "singleQuote": true, "tabWidth": 4, "trailingComma": "es5", "printWidth": 100 }');
    expect(projectStyle(tree.write('json/src/a.ts', ''))).toEqual({ semi: false, quote: "'", indent: '    ', trailingComma: 'es5', printWidth: 100 });
    tree.write('json/src/nested/.prettierrc', 'useTabs: true # tabs here\nsingleQuote: false\n');
    expect(projectStyle(tree.write('json/src/nested/b.ts', ''))).toEqual({ indent: '\t', quote: '"' });
  });

  it("reads package.json's prettier key, and skips a package.json without one", () => {
    tree.write('pkg/package.json', '{ "name": "x", "prettier": { "semi": false } }');
    tree.write('pkg/app/package.json', '{ "name": "app" }');
    expect(projectStyle(tree.write('pkg/app/a.js', ''))).toEqual({ semi: false });
    expect(findPrettierConfig(tree.write('pkg/app/b.js', ''))?.path).toBe(`${tree.root}/pkg/package.json`);
  });

  it('reads a JS config whose exported object is a literal, and applies matching overrides', () => {
    tree.write(
      'js/prettier.config.mjs',
      "const config = { semi: false, overrides: [{ files: ['*.ts'], options: { singleQuote: true } }, { files: 'legacy/**', options: { semi: true } }] };\nexport default config;\n",
    );
    expect(projectStyle(tree.write('js/src/a.ts', ''))).toEqual({ semi: false, quote: "'" });
    expect(projectStyle(tree.write('js/src/a.js', ''))).toEqual({ semi: false });
    expect(projectStyle(tree.write('js/legacy/a.js', ''))).toEqual({ semi: true });
  });

  it('finds a config it cannot read as data (code, a shared config) but takes nothing from it', () => {
    tree.write('code/.prettierrc.cjs', "module.exports = require('@acme/prettier-config');\n");
    expect(findPrettierConfig(tree.write('code/a.js', ''))?.options).toBeUndefined();
    expect(projectStyle(tree.write('code/b.js', ''))).toEqual({});
    tree.write('shared/package.json', '{ "prettier": "@acme/prettier-config" }');
    expect(findPrettierConfig(tree.write('shared/a.js', ''))?.options).toBeUndefined();
  });

  it('reads .editorconfig sections matching the file, up to root = true; prettier settings win', () => {
    tree.write('ec/.editorconfig', 'root = true\n[*]\nindent_style = space\nindent_size = 4\nmax_line_length = 120\n[*.{js,ts}]\nindent_style = tab\n');
    expect(projectStyle(tree.write('ec/src/a.ts', ''))).toEqual({ indent: '\t', printWidth: 120 });
    expect(projectStyle(tree.write('ec/src/a.json', ''))).toEqual({ indent: '    ', printWidth: 120 });
    tree.write('ec/p/.prettierrc', '{ "useTabs": false, "tabWidth": 2 }');
    expect(projectStyle(tree.write('ec/p/a.ts', ''))).toEqual({ indent: '  ', printWidth: 120 });
  });
});

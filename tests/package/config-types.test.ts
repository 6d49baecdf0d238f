import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtDir, repoRoot } from './built-package';

/**
 * The built declarations (dist/src/index.d.ts, reached by the package's own name through `exports`)
 * in the three ways users type their flat config: ESLint's `defineConfig`, `Linter.Config[]`, and
 * typescript-eslint's `config()` with `files` + `extends`. Library checking stays on, so an error in
 * our .d.ts files fails here as it would in a project without `skipLibCheck`.
 */
const fixtures = join(__dirname, 'fixtures', 'config-types');

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
};

function compile(files: string[], options: ts.CompilerOptions = {}): { errors: string[]; loaded: string[] } {
  builtDir();
  const program = ts.createProgram(
    files.map((file) => join(fixtures, file)),
    { ...OPTIONS, ...options },
  );
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${relative(repoRoot, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
  return { errors, loaded: program.getSourceFiles().map((file) => relative(repoRoot, file.fileName)) };
}

describe('the built types', () => {
  it('type-check with defineConfig, Linter.Config[] and require(), and load nothing from @typescript-eslint', () => {
    const { errors, loaded } = compile(['define-config.mts', 'commonjs.cts']);
    expect(errors).toEqual([]);
    expect(loaded.filter((file) => file.startsWith('dist/'))).toEqual(['dist/src/eslint/configs.d.ts', 'dist/src/eslint/rule-names.d.ts', 'dist/src/index.d.ts']);
    // Users install no @typescript-eslint/utils; a type reaching it would be `any` or an error for them.
    expect(loaded.filter((file) => file.includes('@typescript-eslint'))).toEqual([]);
  });

  it("type-check in typescript-eslint's config() with files and extends", () => {
    // Our declarations are checked above; checking typescript-eslint's and TypeScript's own would take 20 s.
    expect(compile(['typescript-eslint.mts'], { skipLibCheck: true }).errors).toEqual([]);
  });
});

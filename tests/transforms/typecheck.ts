import { join } from 'node:path';
import ts from 'typescript';

/** tsc's diagnostics for the project in `projectDir`, as `file:line:column message`. */
export function diagnostics(projectDir: string): string[] {
  const configPath = join(projectDir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectDir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.slice(projectDir.length + 1)}:${line + 1}:${character + 1} ${message}`;
  });
}

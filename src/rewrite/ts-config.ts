import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The compiler options of the tsconfig.json nearest to a file (what an editor would use), with
 * `extends` chains resolved, including package ones such as `@tsconfig/strictest`. Undefined when
 * there is none or it cannot be read: then nothing is assumed.
 */
export function nearestCompilerOptions(filePath: string): ts.CompilerOptions | undefined {
  const configPath = ts.findConfigFile(dirname(resolve(filePath)), ts.sys.fileExists);
  if (configPath === undefined) return undefined;
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) return undefined;
  // Only the options matter: an empty directory listing keeps TypeScript from enumerating the project.
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  // Errors such as an unknown option or a missing base config leave the other options readable.
  return ts.parseJsonConfigFileContent(config, host, dirname(configPath), undefined, configPath).options;
}

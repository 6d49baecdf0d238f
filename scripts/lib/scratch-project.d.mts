/** Types of scratch-project.mjs, for the tests that import it. */
export function npmEnvironment(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function run(command: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }>;
export function packTarball(repoRoot: string, destination: string): Promise<{ path: string; files: string[] }>;
export function installProject(dir: string, packages: readonly string[]): Promise<void>;

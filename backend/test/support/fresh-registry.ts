/**
 * A second app "process" inside one jest file (restart and crash tests): a fresh module registry, so the next
 * import of support/app loads Midway anew. @midwayjs/core keeps its decorator registry in a global
 * (MIDWAY_GLOBAL_DECORATOR_MANAGER) to catch two installed copies of itself; the re-import is a second copy on
 * purpose, so the first one's global is dropped (or the run prints "DecoratorManager not singleton" with a stack
 * trace, although `npm ls @midwayjs/core` shows one version).
 */
export function freshModuleRegistry(): void {
  jest.resetModules();
  delete (globalThis as { MIDWAY_GLOBAL_DECORATOR_MANAGER?: unknown }).MIDWAY_GLOBAL_DECORATOR_MANAGER;
}

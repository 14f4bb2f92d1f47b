// jest's module runtime with V8's code cache. jest gives every test file a fresh module registry, so each file
// compiles every module it loads again (the companion's sources, jsforce, zod, express, ...): about 0.3 CPU-s a file
// for the vm.Script compile alone, and more for the functions compiled lazily while the module runs. V8 can skip
// both with the code it cached for the same source: when a test file ends, the scripts it compiled hand their code
// (top level and every function compiled so far) to a cache kept for the worker's life, keyed by file name and used
// only for the very same source text (V8's own check of cached data looks at the source's length only). What runs
// is the same code; the companion's module loading costs about a third less.
//
// And one module is loaded once per worker instead of once per test file: the local org's SOQL parser
// (@jetstreamapp/soql-parser-js), which builds its grammar when loaded, 0.5 CPU-s every time. It is a pure function
// of the query text and holds no state between calls, so test files sharing it cannot see each other. Its results
// come from the worker's realm rather than the test file's (`instanceof Array` would be false, `Array.isArray` is
// not); the local org's code relies on neither.
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;
const { invariant } = require('jest-util');
const { handlePotentialSyntaxError } = require('@jest/transform');

// createScriptFromCode below is jest-runtime 29's, with one option added: another major version must be looked at again.
const { version: runtimeVersion } = require('jest-runtime/package.json');
if (!runtimeVersion.startsWith('29.'))
  throw new Error(`config/jest/code-cache-runtime.js copies jest-runtime 29's createScriptFromCode; found ${runtimeVersion}`);

const runtimeSupportsVmModules = typeof vm.SyntheticModule === 'function';
/** Per worker: file name → the source compiled and V8's code cache for it. */
const codeCache = new Map();
/**
 * Code restored from the cache loses the script's dynamic-import callback in Node 20 (`import()` then throws "A dynamic
 * import callback was not specified"), so a module that may call `import()` (PGlite loads its WebAssembly so) is
 * compiled as jest would, every time.
 */
const DYNAMIC_IMPORT = /\bimport\s*\(/;
/** Loaded once per worker, shared by its test files (see above). */
const SHARED_MODULES = new Set(['@jetstreamapp/soql-parser-js']);

class CodeCacheRuntime extends Runtime {
  /** Scripts this test file compiled without a cache entry: their code is cached when the file ends. */
  #uncached = [];

  // jest-runtime 29.7's createScriptFromCode, with `cachedData`.
  createScriptFromCode(scriptSource, filename) {
    try {
      const scriptFilename = this._resolver.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
      const source = this.wrapCodeInModuleWrapper(scriptSource);
      const cacheable = !DYNAMIC_IMPORT.test(source);
      const cached = cacheable ? codeCache.get(scriptFilename) : undefined;
      const cachedData = cached?.source === source ? cached.data : undefined;
      const script = new vm.Script(source, {
        columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
        displayErrors: true,
        filename: scriptFilename,
        cachedData,
        importModuleDynamically: async (specifier) => {
          invariant(
            runtimeSupportsVmModules,
            'You need to run with a version of node that supports ES Modules in the VM API. See https://jestjs.io/docs/ecmascript-modules',
          );
          const context = this._environment.getVmContext?.();
          invariant(context, 'Test environment has been torn down');
          const module = await this.resolveModule(specifier, scriptFilename, context);
          return this.linkAndEvaluateModule(module);
        },
      });
      if (cacheable && (!cachedData || script.cachedDataRejected)) this.#uncached.push({ filename: scriptFilename, source, script });
      return script;
    } catch (e) {
      throw handlePotentialSyntaxError(e);
    }
  }

  requireModuleOrMock(from, moduleName) {
    if (SHARED_MODULES.has(moduleName)) return require(moduleName);
    return super.requireModuleOrMock(from, moduleName);
  }

  teardown() {
    for (const { filename, source, script } of this.#uncached) {
      try {
        codeCache.set(filename, { source, data: script.createCachedData() });
      } catch {
        // No cache for this one: the next file compiles it as jest would.
      }
    }
    this.#uncached = [];
    super.teardown();
  }
}

module.exports = CodeCacheRuntime;

import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (Ajv for what comes in, fast-json-stringify for what goes out),
 * made lazy: a route's validator or serializer is compiled on the route's first request instead
 * of for every route before the server listens. Compiling all of them took about 0.8 s of CPU at
 * start and kept code for routes an instance may never serve in memory; now a route pays a few
 * milliseconds once, on first use, and an instance holds only what it serves. `compileAll` does
 * the eager work on demand (the tests use it, so a schema that cannot compile still fails a test
 * rather than a first request).
 */

type ValidatorFactory = ReturnType<typeof ValidatorSelector>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;
type RouteDefinition = Parameters<ReturnType<ValidatorFactory>>[0];

/** A validator as Fastify calls it: Ajv's `(data, dataCxt)` with `errors` read after a `false`. */
interface Validator {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  schemaEnv?: unknown;
}

export interface LazySchemas {
  compilersFactory: { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory };
  /** Compiles every schema not compiled yet; throws the first compile error, naming its route. */
  compileAll(): void;
}

export function lazySchemas(): LazySchemas {
  const pending = new Set<() => void>();
  const validators = ValidatorSelector();
  const serializers = SerializerSelector();

  const buildValidator = ((externalSchemas, options) => {
    const compile = validators(externalSchemas, options);
    return (route: RouteDefinition) => {
      let compiled: Validator | undefined;
      const ensure = (): Validator => {
        if (compiled === undefined) {
          compiled = named(route, () => compile(route) as Validator);
          pending.delete(ensure);
        }
        return compiled;
      };
      pending.add(ensure);
      const validate: Validator = (data, context) => {
        const inner = ensure();
        // Ajv writes into the parent object only when it is handed over (Fastify does so for
        // functions that carry `schemaEnv`); errors are read from the function Fastify holds.
        const result = inner.schemaEnv ? inner(data, context) : inner(data);
        validate.errors = inner.errors;
        return result;
      };
      // Fastify hands Ajv's data context to a function that has this; the real one decides above.
      validate.schemaEnv = true;
      return validate;
    };
  }) as ValidatorFactory;

  const buildSerializer = ((externalSchemas, options) => {
    const compile = serializers(externalSchemas, options);
    return (route: Parameters<ReturnType<SerializerFactory>>[0]) => {
      let compiled: ((doc: unknown) => string) | undefined;
      const ensure = () => {
        if (compiled === undefined) {
          compiled = named(route, () => compile(route));
          pending.delete(ensure);
        }
        return compiled;
      };
      pending.add(ensure);
      return (doc: unknown) => ensure()(doc);
    };
  }) as SerializerFactory;

  return {
    compilersFactory: { buildValidator, buildSerializer },
    compileAll() {
      for (const ensure of [...pending]) ensure();
    },
  };
}

/** Runs a compile, naming the route in its error as Fastify does when it compiles at start. */
function named<T>(route: { method?: string; url?: string }, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Failed building the schema for ${route.method} ${route.url}: ${message}`, {
      cause: error,
    });
  }
}

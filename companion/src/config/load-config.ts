/** Reads and validates the environment once; a bad value stops the start with every problem named. */
import { AppError } from '../core/app-error.js';
import { type Config, configSchema } from './config-schema.js';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', `Configuration is invalid:\n  ${problems.join('\n  ')}`, {
      details: { problems },
    });
  }
  return parsed.data;
}

/** Rows for the README configuration table: key, default, description. */
export function configTable(): Array<{ key: string; default: string; description: string }> {
  return Object.entries(configSchema.shape).map(([key, schema]) => {
    const def = (schema as { def?: { defaultValue?: unknown } }).def?.defaultValue;
    return {
      key,
      default: def === undefined ? '' : String(def),
      description: (schema as { description?: string }).description ?? '',
    };
  });
}

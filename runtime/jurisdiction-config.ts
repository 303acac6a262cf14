import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_JURISDICTIONS, jurisdictionsSchema, type Jurisdiction } from '../domain';

/** Which jurisdictions' rules the service starts procedures under (docs/rules.md: *policy* defaults). */
export interface JurisdictionConfig {
  registry: Jurisdiction[];
  defaultId: string;
  /** Simulation policies (shortened statutory days) load only in simulation mode. */
  simulationMode: boolean;
}

/**
 * The built-in jurisdictions plus those of JURISDICTIONS_FILE (a JSON array; an id
 * defined there replaces the built-in one). Returns the problems instead of throwing,
 * so each reaches the operator with its variable's name.
 */
export function loadJurisdictions(
  file: string | undefined,
  defaultId: string,
  simulationMode: boolean,
  cwd: string,
): { config?: JurisdictionConfig; problems: { variable: 'JURISDICTIONS_FILE' | 'DEFAULT_JURISDICTION'; message: string }[] } {
  let extra: Jurisdiction[] = [];
  if (file) {
    try {
      const parsed = jurisdictionsSchema.safeParse(JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8')));
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        return { problems: [{ variable: 'JURISDICTIONS_FILE', message: `辖区文件格式不正确 / invalid jurisdictions file: ${detail}` }] };
      }
      extra = parsed.data;
    } catch (err) {
      return { problems: [{ variable: 'JURISDICTIONS_FILE', message: `无法读取 / cannot read ${file}: ${(err as Error).message}` }] };
    }
  }
  const ids = new Set(extra.map((j) => j.id));
  const registry = [...BUILT_IN_JURISDICTIONS.filter((j) => !ids.has(j.id)), ...extra];
  const chosen = registry.find((j) => j.id === defaultId);
  if (!chosen) {
    return { problems: [{ variable: 'DEFAULT_JURISDICTION', message: `未知的辖区 / unknown jurisdiction "${defaultId}"; known: ${registry.map((j) => j.id).join(', ')}` }] };
  }
  if (chosen.policy.simulation && !simulationMode) {
    return { problems: [{ variable: 'DEFAULT_JURISDICTION', message: `"${defaultId}" 是模拟政策,只能在 SIMULATION_MODE=true 时使用 / is a simulation policy: set SIMULATION_MODE=true` }] };
  }
  return { config: { registry, defaultId, simulationMode }, problems: [] };
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';
import { tempDir } from './helpers';

const base = () => ({ DATA_DIR: tempDir('data'), JWT_SECRET: 'x'.repeat(32) });
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.variable);
    throw err;
  }
  return [];
};

describe('jurisdictions in the configuration', () => {
  it('default: the national rules, no simulation', () => {
    const c = loadConfig(base());
    expect(c.jurisdictions.defaultId).toBe('national');
    expect(c.jurisdictions.simulationMode).toBe(false);
    expect(c.jurisdictions.registry.map((j) => j.id)).toEqual(expect.arrayContaining(['national', 'example-city']));
  });

  it('a jurisdictions file adds jurisdictions; each bad variable gets its own message', () => {
    const dir = tempDir('jur');
    const good = path.join(dir, 'ok.json');
    writeFileSync(good, JSON.stringify([{ id: 'river-county', name: '河县', policy: { officeReplyWorkingDays: 10 } }]));
    const c = loadConfig({ ...base(), JURISDICTIONS_FILE: good, DEFAULT_JURISDICTION: 'river-county' });
    expect(c.jurisdictions.defaultId).toBe('river-county');

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'River County!', name: '' }]));
    expect(problemsOf({ ...base(), JURISDICTIONS_FILE: bad })).toEqual(['JURISDICTIONS_FILE']);
    expect(problemsOf({ ...base(), JURISDICTIONS_FILE: path.join(dir, 'missing.json') })).toEqual(['JURISDICTIONS_FILE']);
    expect(problemsOf({ ...base(), DEFAULT_JURISDICTION: 'atlantis', SIMULATION_MODE: 'maybe' }).sort()).toEqual(['DEFAULT_JURISDICTION', 'SIMULATION_MODE'].sort());
  });

  it('a simulation jurisdiction is the default only in simulation mode', () => {
    const file = path.join(process.cwd(), 'config', 'jurisdictions.demo.json');
    expect(problemsOf({ ...base(), JURISDICTIONS_FILE: file, DEFAULT_JURISDICTION: 'demo-simulation' })).toEqual(['DEFAULT_JURISDICTION']);
    const c = loadConfig({ ...base(), JURISDICTIONS_FILE: file, DEFAULT_JURISDICTION: 'demo-simulation', SIMULATION_MODE: 'true' });
    expect(c.jurisdictions.simulationMode).toBe(true);
  });
});

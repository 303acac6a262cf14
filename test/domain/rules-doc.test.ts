import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rulesDoc } from '../../scripts/rules-doc';

it('R-01…R-66: docs/rules.md is the current rulebook, with the commands, code and tests citing each rule (regenerate: npx ts-node --transpile-only scripts/rules-doc.ts)', () => {
  const committed = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
  expect(committed).toBe(rulesDoc());
});

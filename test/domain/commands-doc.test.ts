import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commandsTable } from '../../scripts/commands-table';

it('docs/commands.md is the current table of commands and rules (regenerate: npx ts-node --transpile-only scripts/commands-table.ts)', () => {
  const committed = readFileSync(path.join(__dirname, '..', '..', 'docs', 'commands.md'), 'utf8');
  expect(committed).toBe(commandsTable());
});

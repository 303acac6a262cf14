import { Segmented } from 'antd';
import { roleLabel } from '../labels';
import type { Lang } from '../i18n';

/**
 * The acting role of a person who has more than one (Shell loads it only for them). A Segmented
 * control: people hold two or three roles, all visible at once, and it weighs far less than a
 * Select with its virtual list (bench/web-bundle.ts --roles).
 */
export default function RoleSelect({ label, role, roles, lang, onChange }: { label: string; role: string; roles: string[]; lang: Lang; onChange: (role: string) => void }) {
  return (
    <div role="group" aria-label={label}>
      <Segmented size="small" value={role} onChange={(v) => onChange(String(v))} options={roles.map((r) => ({ value: r, label: roleLabel(r, lang) }))} />
    </div>
  );
}

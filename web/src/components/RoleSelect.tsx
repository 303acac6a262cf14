import { Select } from 'antd';
import { roleLabel } from '../labels';
import type { Lang } from '../i18n';

/** The acting role of a person who has more than one (Shell loads it only for them). */
export default function RoleSelect({ label, role, roles, lang, onChange }: { label: string; role: string; roles: string[]; lang: Lang; onChange: (role: string) => void }) {
  return (
    <Select
      size="small"
      aria-label={label}
      value={role}
      onChange={onChange}
      options={roles.map((r) => ({ value: r, label: roleLabel(r, lang) }))}
      style={{ minWidth: 120 }}
    />
  );
}

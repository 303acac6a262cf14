import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { request } from '../api';
import { LazyActionForm as ActionForm } from '../components/LazyActionForm';
import { ProblemAlert } from '../components/Problem';
import { SimpleCard } from '../components/SimpleCard';
import { useI18n } from '../i18n';

/** 启动决策程序: the form is the API's own schema for POST /procedures. */
export default function ProcedureNew() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const forms = useQuery({ queryKey: ['forms'], queryFn: () => request<{ startProcedure: object }>('/forms'), staleTime: Infinity });
  return (
    <>
      <Typography.Title level={2}>{t('newProcedure')}</Typography.Title>
      <ProblemAlert error={forms.error} />
      {forms.data && (
        <SimpleCard>
          <ActionForm
            schema={forms.data.startProcedure}
            href="/procedures"
            onDone={(r) => navigate(`/procedures/${encodeURIComponent((r as { procedureKey: string }).procedureKey)}`)}
          />
        </SimpleCard>
      )}
    </>
  );
}

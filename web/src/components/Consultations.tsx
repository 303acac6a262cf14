import { useState } from 'react';
import { Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { request } from '../api';
import { ProblemAlert } from './Problem';
import { useI18n } from '../i18n';
import { categoryLabel } from '../labels';
import { beijing, daysLeft } from '../time';

interface Period { procedureKey: string; title: string; category: string; decisionOrgan: string; sponsorUnit: string; openedAt: string; lastDay: string; endsAt: string; provisional: boolean }
interface PublicDocument { sha256: string; size: number; mediaType: string; name: string; href: string }
interface Consultation extends Period { days: number; channels: string[]; shortenedReason?: string; draft: PublicDocument; explanation: PublicDocument }

const anonymous = { anonymous: true } as const;

/** R-10: the drafts open for public comment now, and the one chosen: its draft and explanation to download. */
export function Consultations() {
  const { t, lang } = useI18n();
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const pageToken = tokens.at(-1);
  const list = useQuery({
    queryKey: ['public-consultations', pageToken],
    queryFn: () => request<{ items: Period[]; nextPageToken?: string }>(`/public/consultations?pageSize=20${pageToken ? `&pageToken=${pageToken}` : ''}`, anonymous),
  });
  const [selected, setSelected] = useState<string>();
  const one = useQuery({
    queryKey: ['public-consultation', selected],
    queryFn: () => request<Consultation>(`/public/consultations/${encodeURIComponent(selected ?? '')}`, anonymous),
    enabled: !!selected,
  });
  const end = (p: Period) => (
    <>
      {beijing(p.endsAt)}
      {p.provisional && <Tag style={{ marginLeft: 4 }}>{t('provisional')}</Tag>}
    </>
  );
  const file = (d: PublicDocument) => <a href={d.href} download={d.name}>{d.name}</a>;
  return (
    <Card title={t('openComment')}>
      <ProblemAlert error={list.error} />
      <Table<Period>
        data-testid="consultations"
        rowKey="procedureKey"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('item'), dataIndex: 'title' },
          { title: t('decisionOrgan'), dataIndex: 'decisionOrgan' },
          { title: t('category'), dataIndex: 'category', render: (c: string) => categoryLabel(c, lang) },
          { title: t('periodOpens'), dataIndex: 'openedAt', render: (a: string) => beijing(a) },
          { title: t('periodEnds'), key: 'end', render: (_, p) => end(p) },
          { title: t('daysLeft'), key: 'left', render: (_, p) => daysLeft(p.endsAt) },
          { title: '', key: 'read', render: (_, p) => <Button size="small" onClick={() => setSelected(p.procedureKey)}>{t('view')}</Button> },
        ]}
      />
      {list.data?.nextPageToken && (
        <Space style={{ marginTop: 8 }}>
          <Button onClick={() => setTokens([...tokens, list.data?.nextPageToken])}>{t('nextPage')}</Button>
        </Space>
      )}
      <ProblemAlert error={one.error} />
      {one.data && (
        <Card type="inner" title={one.data.title} data-testid="public-consultation" style={{ marginTop: 16 }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('decisionOrgan')}>{one.data.decisionOrgan}</Descriptions.Item>
            <Descriptions.Item label={t('sponsorUnit')}>{one.data.sponsorUnit}</Descriptions.Item>
            <Descriptions.Item label={t('category')}>{categoryLabel(one.data.category, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('commentPeriod')}>
              {beijing(one.data.openedAt)} – {end(one.data)}（{one.data.days} {t('days')}）
            </Descriptions.Item>
            {one.data.shortenedReason && <Descriptions.Item label={t('shortenedReason')}>{one.data.shortenedReason}</Descriptions.Item>}
            <Descriptions.Item label={t('channels')}>{one.data.channels.join('；')}</Descriptions.Item>
            <Descriptions.Item label={t('draft')}>{file(one.data.draft)}</Descriptions.Item>
            <Descriptions.Item label={t('explanation')}>{file(one.data.explanation)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Card>
  );
}

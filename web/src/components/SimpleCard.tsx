import { useContext, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
// The style Ant Design's Card registers for its markup; imported alone, without the Card.
import useCardStyle from 'antd/es/card/style';

/**
 * A card drawn as Ant Design's `<Card title>` draws it, the same markup, classes and styles,
 * without the Tabs and Skeleton its Card brings along for tab lists and loading (about 10 KB
 * gzipped): the dashboard, which loads ECharts as well, frames its charts with this one, and
 * the new procedure's page its form (bench/web-bundle.ts). A card that needs more than a title
 * and a body uses Ant Design's Card.
 */
export function SimpleCard({ title, children, 'data-testid': testId }: { title?: ReactNode; children: ReactNode; 'data-testid'?: string }) {
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  const prefixCls = getPrefixCls('card');
  const [hashId, cssVarCls] = useCardStyle(prefixCls);
  return (
    <div className={[prefixCls, `${prefixCls}-bordered`, hashId, cssVarCls].filter(Boolean).join(' ')} data-testid={testId}>
      {title !== undefined && title !== null && title !== false && title !== '' && (
        <div className={`${prefixCls}-head`}>
          <div className={`${prefixCls}-head-wrapper`}>
            <div className={`${prefixCls}-head-title`}>{title}</div>
          </div>
        </div>
      )}
      <div className={`${prefixCls}-body`}>{children}</div>
    </div>
  );
}

import { useContext, type ReactNode } from 'react';
import { ConfigProvider, Empty, Spin } from 'antd';
// The style Ant Design's Table registers for its markup; imported alone, without the Table.
import useTableStyle from 'antd/es/table/style';

export interface SimpleColumn<T> {
  title: ReactNode;
  dataIndex: keyof T & string;
  render?: (value: T[keyof T & string], row: T) => ReactNode;
}

/**
 * A table drawn as Ant Design's `<Table size="small" pagination={false}>` draws it, the same
 * markup, classes and styles, for rows that need none of its sorting, filtering, selection,
 * paging or scrolling. The Table brings all of those to any page that shows one (rc-table,
 * Tree, Dropdown, Checkbox, Radio, Pagination, Select: about 60 KB gzipped); the dashboard,
 * whose charts load ECharts as well, shows the tables behind its charts with this one
 * (bench/web-bundle.ts). A table that needs more than this uses Ant Design's Table.
 */
export function SimpleTable<T>({ rows, rowKey, columns, emptyText }: { rows: T[]; rowKey: (row: T) => string; columns: SimpleColumn<T>[]; emptyText?: ReactNode }) {
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  const prefixCls = getPrefixCls('table');
  const rootCls = `${prefixCls}-css-var`;
  const [hashId, cssVarCls] = useTableStyle(prefixCls, rootCls);
  const classes = (...names: (string | false)[]) => names.filter(Boolean).join(' ');
  return (
    <div className={classes(cssVarCls, rootCls, `${prefixCls}-wrapper`, hashId)}>
      <Spin spinning={false}>
        <div className={classes(prefixCls, `${prefixCls}-small`, rows.length === 0 && `${prefixCls}-empty`, cssVarCls, rootCls, hashId)}>
          <div className={`${prefixCls}-container`}>
            <div className={`${prefixCls}-content`}>
              <table style={{ tableLayout: 'auto' }}>
                <thead className={`${prefixCls}-thead`}>
                  <tr>
                    {columns.map((c) => <th key={c.dataIndex} className={`${prefixCls}-cell`} scope="col">{c.title}</th>)}
                  </tr>
                </thead>
                <tbody className={`${prefixCls}-tbody`}>
                  {rows.length === 0 ? (
                    <tr className={`${prefixCls}-placeholder`}>
                      <td className={`${prefixCls}-cell`} colSpan={columns.length}>{emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</td>
                    </tr>
                  ) : (
                    rows.map((row) => (
                      <tr key={rowKey(row)} className={`${prefixCls}-row ${prefixCls}-row-level-0`} data-row-key={rowKey(row)}>
                        {columns.map((c) => (
                          <td key={c.dataIndex} className={`${prefixCls}-cell`}>{c.render ? c.render(row[c.dataIndex], row) : (row[c.dataIndex] as ReactNode)}</td>
                        ))}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </Spin>
    </div>
  );
}

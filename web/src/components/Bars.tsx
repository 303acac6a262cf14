import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/** A bar chart of label → value (Apache ECharts, SVG, with its ARIA description). */
export default function Bars({ rows, name }: { rows: { label: string; value: number }[]; name: string }) {
  return (
    <ReactEChartsCore
      echarts={echarts}
      opts={{ renderer: 'svg' }}
      style={{ height: 260 }}
      option={{
        aria: { enabled: true },
        tooltip: {},
        grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name, data: rows.map((r) => r.value), itemStyle: { color: '#b8242a' } }],
      }}
    />
  );
}

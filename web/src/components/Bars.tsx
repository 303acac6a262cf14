import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

const COLOURS = ['#b8242a', '#1f4e8c', '#6b6b6b'];

export interface BarsProps {
  rows: { label: string; value: number }[];
  name: string;
  /** More series over the same labels (each drawn beside the first, with a legend). */
  more?: { name: string; values: number[] }[];
  /** Whole numbers only on the axis (counts); false for durations. */
  integers?: boolean;
}

/** A bar chart of label → value, or several values per label (Apache ECharts, SVG, with its ARIA description). */
export default function Bars({ rows, name, more = [], integers = true }: BarsProps) {
  const series = [{ name, values: rows.map((r) => r.value) }, ...more];
  return (
    <ReactEChartsCore
      echarts={echarts}
      opts={{ renderer: 'svg' }}
      style={{ height: 260 }}
      option={{
        aria: { enabled: true },
        tooltip: {},
        ...(series.length > 1 ? { legend: { top: 0 } } : {}),
        grid: { left: 8, right: 8, bottom: 8, top: series.length > 1 ? 32 : 16, containLabel: true },
        xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', ...(integers ? { minInterval: 1 } : {}) },
        series: series.map((s, i) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: COLOURS[i % COLOURS.length] } })),
      }}
    />
  );
}

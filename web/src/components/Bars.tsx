import { useEffect, useRef } from 'react';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent, type AriaComponentOption, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what a bar chart draws: every other ECharts module stays out of the page's bundle
// (bench/web-bundle.ts). Named imports, not `* as echarts`, so the bundler drops what is unused.
use([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | AriaComponentOption>;

/** A bar chart of label → value (Apache ECharts, SVG, with its ARIA description). */
export default function Bars({ rows, name }: { rows: { label: string; value: number }[]; name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const c = init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    // The chart follows its card's width (the dashboard's columns change with the screen).
    const resized = new ResizeObserver(() => c.resize());
    resized.observe(el);
    return () => {
      resized.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  // Redrawn only when what it shows changes (compared by value), not on every render of the page.
  const key = JSON.stringify([rows, name]);
  useEffect(() => {
    const option: Option = {
      aria: { enabled: true },
      tooltip: {},
      grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name, data: rows.map((r) => r.value), itemStyle: { color: '#b8242a' } }],
    };
    chart.current?.setOption(option);
  }, [key]);
  return <div ref={box} style={{ height: 260 }} />;
}

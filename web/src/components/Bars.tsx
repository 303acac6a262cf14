import { useEffect, useRef } from 'react';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what a bar chart draws: every other ECharts module stays out of the page's bundle
// (bench/web-bundle.ts). Named imports, not `* as echarts`, so the bundler drops what is unused.
use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption>;

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
  const key = JSON.stringify([rows, name, more, integers]);
  useEffect(() => {
    const series = [{ name, values: rows.map((r) => r.value) }, ...more];
    const option: Option = {
      aria: { enabled: true },
      // The app's own Chinese font (main.tsx): ECharts names a font of its own otherwise, and a
      // machine without CJK fonts draws the labels as boxes.
      textStyle: { fontFamily: "'Noto Sans SC', sans-serif" },
      tooltip: {},
      ...(series.length > 1 ? { legend: { top: 0 } } : {}),
      grid: { left: 8, right: 8, bottom: 8, top: series.length > 1 ? 32 : 16, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', ...(integers ? { minInterval: 1 } : {}) },
      series: series.map((s, i) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: COLOURS[i % COLOURS.length] } })),
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [key]);
  return <div ref={box} style={{ height: 260 }} />;
}

import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the dashboard draws is bundled (ECharts' tree-shakable entry points).
use([BarChart, LineChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const charts = new Map<string, EChartsType>();

/** Dark mode follows the system (`prefers-color-scheme`), as the stylesheet does. */
const darkMode = window.matchMedia?.('(prefers-color-scheme: dark)');
const theme = () => (darkMode?.matches ? 'dark' : undefined);

/** Draws (or redraws) the chart of a view in its container; `notMerge` so removed series disappear. */
export function drawChart(view: string, container: HTMLElement, option: EChartsCoreOption): EChartsType {
  let chart = charts.get(view);
  if (!chart) {
    chart = init(container, theme(), { renderer: 'svg' });
    charts.set(view, chart);
  }
  chart.setOption({ animation: false, backgroundColor: 'transparent', ...option }, { notMerge: true });
  return chart;
}

darkMode?.addEventListener('change', () => {
  for (const chart of charts.values()) chart.setTheme(theme() ?? 'default');
});

export function allCharts(): ReadonlyMap<string, EChartsType> {
  return charts;
}

window.addEventListener('resize', () => {
  for (const chart of charts.values()) chart.resize();
});

import type { EChartsType } from 'echarts/core';
import { downloadBlob } from './download';

/** The chart as a standalone SVG document on `background` (the page's panel colour, so text stays legible). */
export function chartSvg(chart: EChartsType, background: string): string {
  const svg = chart.renderToSVGString();
  const { width, height } = { width: chart.getWidth(), height: chart.getHeight() };
  const rect = `<rect width="${width}" height="${height}" fill="${background.replace(/"/g, '')}"/>`;
  return svg.replace(/^(<svg[^>]*>)/, `$1${rect}`);
}

/** The SVG drawn on a canvas at twice its size, as a PNG (the page's CSP allows data: images). */
export function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      const context = canvas.getContext('2d');
      if (!context) return reject(new Error('no 2D canvas'));
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
    };
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** Saves a chart as SVG or PNG, named `<base>.svg` / `<base>.png`. */
export async function downloadChart(
  chart: EChartsType,
  format: 'png' | 'svg',
  base: string,
  background: string,
): Promise<void> {
  const svg = chartSvg(chart, background);
  if (format === 'svg') {
    downloadBlob(`${base}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
    return;
  }
  downloadBlob(`${base}.png`, await svgToPng(svg, chart.getWidth(), chart.getHeight()));
}

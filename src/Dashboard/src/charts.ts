// Bar charts with Chart.js, each paired with the same numbers as a table: the canvas is an image to assistive
// technology, so its aria-label summarises it and the table carries every value.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h, table, tableFrame, uid } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.color = '#1f2933';
Chart.defaults.font.family = 'system-ui, sans-serif';

// Told apart by lightness as well as hue, all at least 3:1 against white.
const palette = ['#0b5cad', '#b45309', '#2f7d32', '#7b3fa0'];

export interface Series {
  label: string;
  data: number[];
}

export interface BarChartOptions {
  title: string;
  labels: string[];
  series: Series[];
  /** How values read in the table, the tooltips and the description. */
  format?: (value: number) => string;
  horizontal?: boolean;
  /** The table's first column heading. */
  category?: string;
  /** Stops the chart (and its resize observer) when the view goes away. */
  signal: AbortSignal;
}

/** A figure holding the chart and its table; an empty data set shows a sentence instead of an empty plot. */
export function barChart(options: BarChartOptions): HTMLElement {
  const format = options.format ?? ((v: number) => v.toLocaleString('en'));
  const captionId = uid('chart');
  const figure = h('figure', { class: 'chart', 'aria-labelledby': captionId }, h('figcaption', { id: captionId }, options.title));
  if (options.labels.length === 0) {
    figure.append(h('p', { class: 'empty' }, 'No data for this period yet.'));
    return figure;
  }

  const description = options.labels
    .map((label, i) => `${label}: ${options.series.map((s) => `${options.series.length > 1 ? `${s.label} ` : ''}${format(s.data[i])}`).join(', ')}`)
    .join('; ');
  const canvas = h('canvas', { role: 'img', 'aria-label': `${options.title}. ${description}` }, description);
  figure.append(
    h('div', { class: options.horizontal ? 'chart-box short' : 'chart-box' }, canvas),
    h(
      'details',
      { class: 'chart-data' },
      h('summary', null, 'Show the numbers as a table'),
      tableFrame(
        `${options.title} as a table`,
        table(
          `${options.title} (table)`,
          [options.category ?? 'Group', ...options.series.map((s) => s.label)],
          options.labels.map((label, i) => [label, ...options.series.map((s) => format(s.data[i]))]),
          true,
        ),
      ),
    ),
  );

  // Chart.js waits until the canvas is in the document to measure and draw it.
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: options.labels,
      datasets: options.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: palette[i % palette.length] })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: options.series.length > 1 },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${format(Number(c.raw))}` } },
      },
      scales: {
        [options.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { callback: (v) => format(Number(v)) } },
        [options.horizontal ? 'y' : 'x']: { ticks: { autoSkip: true, maxRotation: 45 } },
      },
    },
    // Marks the canvas once drawn, for tests and for anyone inspecting the page.
    plugins: [{ id: 'rendered', afterRender: (c) => void (c.canvas.dataset.rendered = 'true') }],
  });
  options.signal.addEventListener('abort', () => chart.destroy(), { once: true });
  return figure;
}

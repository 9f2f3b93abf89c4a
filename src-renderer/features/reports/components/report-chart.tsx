import { useEffect, useRef } from 'react';
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { Language } from '../../../../src-shared/ipc/app.js';
import { columnLabel, tableLabel } from '../../../../src-shared/reports/labels.js';
import type { ReportChart as ChartSpec, ReportTable } from '../../../../src-shared/reports/model.js';
import { formatCount } from '../../../i18n/format.js';
import type { Translate } from '../../../i18n/use-t.js';
import { Chart, chartFont, fillIndexes, fillPattern, gridColour, lineColour, lineStyles, textColour } from '../chart-styles.js';
import { formatCell } from '../report-format.js';

/** Every chart has the same size on screen and on paper: nothing moves when it is drawn, and it fits an A4 column. */
export const chartSize = { width: 640, height: 230 };

interface ReportChartProps {
  chart: ChartSpec;
  /** The table the chart draws (`chart.table`). */
  table: ReportTable;
  language: Language;
  t: Translate;
  /** Canvas pixels per CSS pixel: the screen's own, or more for paper. */
  pixelRatio?: number;
  /** Called once the chart has been drawn (the print page waits for every chart). */
  onDrawn?: (chartId: string) => void;
  /** Called when chart.js could not draw it (the print page says so rather than wait). */
  onFailed?: (chartId: string, error: unknown) => void;
}

type Dataset = ChartDataset<'bar' | 'line', (number | null)[]>;

function datasetsOf(spec: ChartSpec, table: ReportTable, language: Language, canvas: HTMLCanvasElement, pixelRatio: number): Dataset[] {
  const columnIndex = new Map(table.columns.map((column, index) => [column.key, index]));
  const bars = spec.kind === 'line' ? [] : spec.series.filter((key) => !(spec.kind === 'bar-line' && spec.lines.includes(key)));
  const fills = fillIndexes(bars);
  let lineIndex = 0;
  return spec.series.map((key): Dataset => {
    const index = columnIndex.get(key);
    const data = table.rows.map((row) => {
      const cell = index === undefined ? null : row[index];
      return typeof cell === 'number' ? cell : null;
    });
    const label = columnLabel(language, key);
    const barIndex = bars.indexOf(key);
    if (barIndex === -1) {
      const style = lineStyles[lineIndex % lineStyles.length] ?? { dash: [], point: 'circle' as const };
      lineIndex += 1;
      return {
        type: 'line',
        label,
        data,
        borderColor: lineColour,
        backgroundColor: '#ffffff',
        borderWidth: 2,
        borderDash: style.dash,
        pointStyle: style.point,
        pointRadius: 4,
        pointBorderWidth: 1.5,
        // Drawn over the bars.
        order: 0,
      };
    }
    const fill = fillPattern(fills[barIndex] ?? barIndex, canvas, pixelRatio);
    // A single bar (one week) stays a bar, not a wall.
    return { type: 'bar', label, data, backgroundColor: fill, borderColor: lineColour, borderWidth: 1, maxBarThickness: 90, order: 1 };
  });
}

/** The chart.js configuration of one report chart: fixed size, no animation, no events, print-safe fills. */
function chartConfiguration(
  chart: ChartSpec,
  table: ReportTable,
  language: Language,
  element: HTMLCanvasElement,
  ratio: number,
  announce: Plugin<'bar' | 'line'>,
): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const labelColumn = table.columns.find((column) => column.key === chart.label);
  const labelIndex = labelColumn === undefined ? -1 : table.columns.indexOf(labelColumn);
  const labels = table.rows.map((row) => formatCell(language, labelColumn?.kind ?? 'text', labelIndex === -1 ? null : (row[labelIndex] ?? null)));
  const stacked = chart.kind === 'stacked-bar';
  return {
    type: 'bar',
    data: { labels, datasets: datasetsOf(chart, table, language, element, ratio) },
    options: {
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      devicePixelRatio: ratio,
      locale: language === 'de' ? 'de-DE' : 'en-GB',
      events: [],
      font: { family: chartFont, size: 11 },
      color: textColour,
      layout: { padding: { top: 4, right: 8 } },
      scales: {
        x: { stacked, grid: { display: false }, ticks: { color: textColour, autoSkip: true, maxRotation: 45 } },
        y: {
          stacked,
          beginAtZero: true,
          grid: { color: gridColour },
          ticks: { color: textColour, precision: 0, callback: (value) => formatCount(language, Number(value)) },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: {
            color: textColour,
            font: { family: chartFont, size: 11 },
            // Bars as a filled box with their pattern, lines as a stroke with their dashes; in the order of the series.
            usePointStyle: true,
            pointStyleWidth: 22,
            boxHeight: 11,
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
            generateLabels: (owner) =>
              Chart.defaults.plugins.legend.labels.generateLabels(owner).map((item) =>
                owner.data.datasets[item.datasetIndex ?? 0]?.type === 'line'
                  ? { ...item, pointStyle: 'line', fillStyle: lineColour, lineWidth: 2 }
                  : { ...item, pointStyle: 'rect', lineWidth: 1 },
              ),
          },
        },
      },
    },
    plugins: [announce],
  };
}

/**
 * A chart of one report table (chart.js): fixed size, no animation, drawn the moment it mounts.
 * Its numbers are in the table beside it; for screen readers the canvas is one image named by
 * the table, with the series it shows.
 */
export function ReportChartView({ chart, table, language, t, pixelRatio, onDrawn, onFailed }: ReportChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;
  const failed = useRef(onFailed);
  failed.current = onFailed;
  const title = tableLabel(language, chart.id);
  const series = chart.series.map((key) => columnLabel(language, key)).join(', ');

  useEffect(() => {
    const element = canvas.current;
    if (element === null) return undefined;
    const ratio = pixelRatio ?? window.devicePixelRatio;
    const announce: Plugin<'bar' | 'line'> = { id: 'kontorDrawn', afterRender: () => drawn.current?.(chart.id) };
    let instance: Chart<'bar' | 'line', (number | null)[], string>;
    try {
      instance = new Chart(element, chartConfiguration(chart, table, language, element, ratio, announce));
    } catch (error) {
      failed.current?.(chart.id, error);
      return undefined;
    }
    return () => instance.destroy();
  }, [chart, table, language, pixelRatio]);

  return (
    <figure className="report-chart" data-report-chart={chart.id}>
      <figcaption className="report-chart-title" aria-hidden="true">
        {title}
      </figcaption>
      <canvas
        ref={canvas}
        width={chartSize.width}
        height={chartSize.height}
        className="report-chart-canvas"
        role="img"
        aria-label={`${t('reports.chart.label', title)} ${t('reports.chart.series', series)}`}
      />
    </figure>
  );
}
